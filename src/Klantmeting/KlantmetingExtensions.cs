using Klantmeting.Audit;
using Klantmeting.Bounces;
using Klantmeting.Calls;
using Klantmeting.Comparison;
using Klantmeting.Demo;
using Klantmeting.Invitations;
using Klantmeting.Landkaart;
using Klantmeting.Paper;
using Klantmeting.Participants;
using Klantmeting.Publication;
using Klantmeting.Reports;
using Klantmeting.Responses;
using Klantmeting.Results;
using Klantmeting.Retention;
using Klantmeting.Rounds;
using Klantmeting.Surveys;
using Klantmeting.Trends;
using Klantmeting.Uploads;
using Klantmeting.Users;
using Klantmeting.Werkpleinen;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Klantmeting;

/// <summary>Registers every feature of Klantmeting; used by the web host and the CLI alike.</summary>
public static class KlantmetingExtensions
{
    /// <summary>Registers the database and every feature; used by both hosts.</summary>
    public static IHostApplicationBuilder AddKlantmeting(this IHostApplicationBuilder builder)
    {
        builder.AddKlantmetingDatabase();
        builder.AddSurveys();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddAudit();
        builder.AddRounds();
        builder.AddInvitations();
        builder.AddBounces();
        builder.Services.AddScoped<ResponseService>();
        builder.AddResults();
        builder.AddRetention();
        builder.AddCalls();
        builder.AddPaper();
        builder.AddComparison();
        builder.AddPublication();
        builder.AddTrends();
        builder.AddLandkaart();
        builder.AddReports();
        builder.Services.AddScoped<WerkpleinImporter>();
        builder.Services.AddScoped<WerkpleinService>();
        builder.Services.AddScoped<ParticipantImporter>();
        builder.Services.AddScoped<ResponseImporter>();
        builder.Services.AddScoped<DataExport.RespondentDataReader>();
        builder.AddUploads();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<TestInvitationEmail>();
        builder.AddUsers();
        return builder;
    }
}
