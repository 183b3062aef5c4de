using Microsoft.Playwright;

namespace Klantmeting.EndToEnd.Infrastructure;

/// <summary>
/// Filling in the questionnaire werkzoekenden-2009 (5 principle steps, the grade, the check step: "Stap n van 7") in a
/// browser, as a respondent behind the personal link or an interviewer on the interview page does: both draw the same
/// steps.
/// </summary>
public static class QuestionnaireInBrowser
{
    /// <summary>From the intro: "Beginnen", then "Mee eens" on every statement of the first <paramref name="steps"/> steps.</summary>
    public static async Task AnswerStepsAsync(IPage page, int steps)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Beginnen" }).ClickAsync();
        for (var step = 1; step <= steps; step++)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAccessibleNameAsync($"Stap {step} van 7");
            var groups = page.Locator("fieldset");
            var count = await groups.CountAsync();
            for (var g = 0; g < count; g++)
            {
                await groups.Nth(g).GetByLabel("Mee eens", new() { Exact = true }).CheckAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        }
    }

    /// <summary>From the intro: every principle step, the grade <paramref name="grade"/>, then "Versturen" on the check step.</summary>
    public static async Task AnswerAllAndSendAsync(IPage page, int grade)
    {
        await AnswerStepsAsync(page, 5);
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveAccessibleNameAsync("Stap 6 van 7");
        await page.GetByLabel(grade.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Versturen" }).ClickAsync();
    }
}
