using Klantmeting.Reports;
using Klantmeting.Surveys;
using PdfSharp.Pdf;

namespace Klantmeting.Paper;

/// <summary>
/// Paper questionnaires as one PDF (PDFsharp, A4, DejaVu Sans as the tertaal report): each participant's questionnaire
/// starts on a new page with its response code at the top. Real PDF text, so the code can be read back.
/// </summary>
public static class PaperPdf
{
    /// <summary>The answer boxes of a statement, as on the data-entry page (0 is "weet niet").</summary>
    public const string Scale = "[1] Helemaal mee oneens   [2] Mee oneens   [3] Neutraal   [4] Mee eens   [5] Helemaal mee eens   [0] Weet niet / niet van toepassing";

    /// <summary>Renders the questionnaires of <paramref name="sheets"/> for <paramref name="survey"/>.</summary>
    /// <exception cref="FileNotFoundException">The DejaVu fonts are not installed (Debian package fonts-dejavu-core).</exception>
    public static byte[] Render(SurveyDefinition survey, string roundName, IReadOnlyList<PaperSheet> sheets)
    {
        TertaalPdf.UseDejaVu();
        using var document = new PdfDocument();
        document.Info.Title = $"Vragenlijsten {roundName}";
        document.Info.Author = "AKO";
        var flow = new PdfFlow(document);
        foreach (var sheet in sheets)
        {
            flow.PageBreak();
            Sheet(flow, survey, sheet);
        }

        if (sheets.Count == 0)
            flow.Paragraph("Er zijn geen vragenlijsten om af te drukken.");
        flow.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Sheet(PdfFlow flow, SurveyDefinition survey, PaperSheet sheet)
    {
        flow.Heading($"Antwoordcode: {sheet.Code}", 14);
        flow.Paragraph($"Deelnemer {sheet.Ref} \u00b7 {sheet.WerkpleinName}");
        flow.Heading(survey.Title, 13);
        flow.Paragraph(survey.Introduction);
        flow.Paragraph("Zet bij elke zin een kruisje in één vakje. Wilt of kunt u een vraag niet beantwoorden? Dan mag u die overslaan. "
            + "Wij vragen niet naar uw naam of burgerservicenummer (BSN).");
        foreach (var principle in survey.Principles)
        {
            flow.Heading(principle.Name, 11);
            flow.Paragraph(principle.Description);
            foreach (var statement in principle.Statements)
            {
                flow.Paragraph($"{statement.Text}");
                flow.Paragraph(Scale);
            }
        }

        flow.Heading("Uw rapportcijfer", 11);
        flow.Paragraph($"{survey.Grade.Text} Omcirkel één cijfer:   1   2   3   4   5   6   7   8   9   10");
        flow.Heading("Toelichting", 11);
        flow.Paragraph(survey.Open.Text + " Schrijf geen namen of andere gegevens waaraan iemand u kan herkennen.");
        for (var line = 0; line < 6; line++)
            flow.Paragraph("______________________________________________________________________________________");
        flow.Paragraph($"Antwoordcode: {sheet.Code}");
    }
}
