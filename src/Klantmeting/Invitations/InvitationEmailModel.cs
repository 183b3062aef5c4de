namespace Klantmeting.Invitations;

/// <summary>What an invitation or reminder e-mail says; the same model feeds the HTML and the text component.</summary>
public sealed record InvitationEmailModel(
    string SurveyTitle,
    string Audience,
    string WerkpleinName,
    string Link,
    DateOnly ClosesOn,
    string PrivacyLink,
    string OptOutLink);
