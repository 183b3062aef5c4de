using Klantmeting.Invitations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Klantmeting.Web.Pages.Public;

/// <summary>
/// Opt-out behind the link in every e-mail, <c>/afmelden/{token}</c>, without login. GET only shows a page with a
/// button (mail scanners that follow links opt nobody out); the button POSTs with an antiforgery token. A POST with
/// the form field <c>List-Unsubscribe=One-Click</c> (RFC 8058, sent by mail clients) needs no antiforgery token.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class AfmeldenModel(OptOutService optOut, IAntiforgery antiforgery) : PageModel
{
    public OptOutInfo Info { get; private set; } = null!;

    /// <summary>True once the person is opted out (shown as the confirmation).</summary>
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        SetPrivacyHeaders();
        var info = await optOut.FindAsync(token, ct);
        if (info is null)
        {
            return NotFound();
        }

        Info = info;
        Done = info.AlreadyOptedOut;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        SetPrivacyHeaders();
        var oneClick = Request.HasFormContentType && Request.Form["List-Unsubscribe"] == "One-Click";
        if (!oneClick && !await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return BadRequest();
        }

        var info = await optOut.FindAsync(token, ct);
        if (info is null || !await optOut.OptOutAsync(token, ct))
        {
            return NotFound();
        }

        if (oneClick)
        {
            // RFC 8058: the mail client only needs a success status.
            return Content("U bent afgemeld.", "text/plain; charset=utf-8");
        }

        Info = info;
        Done = true;
        return Page();
    }

    private void SetPrivacyHeaders()
    {
        // The token in the URL is never passed on as a referrer, and search engines keep out.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }
}
