using System.Net;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Klantmeting.Infrastructure.Email;

/// <summary>Renders e-mail bodies from Razor components with ASP.NET Core's <see cref="HtmlRenderer"/>.</summary>
public sealed class EmailRenderer(IServiceProvider services, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    /// <summary>
    /// An <see cref="HtmlRenderer"/> keeps every root component it rendered until it is disposed (about 5 KB per
    /// e-mail), so a dispatcher sending 100,000 invitations in one scope would grow by 500 MB: after this many
    /// renders the renderer is replaced by a fresh one.
    /// </summary>
    internal const int RendersPerRenderer = 500;

    private HtmlRenderer _renderer = new(services, loggerFactory);
    private int _renders;

    /// <summary>Renders an HTML component and its plain-text twin with the same parameters.</summary>
    public async Task<RenderedEmail> RenderAsync<THtml, TText>(IReadOnlyDictionary<string, object?> parameters)
        where THtml : IComponent
        where TText : IComponent
    {
        if (++_renders > RendersPerRenderer)
        {
            await _renderer.DisposeAsync();
            _renderer = new HtmlRenderer(services, loggerFactory);
            _renders = 1;
        }

        var html = await RenderComponentAsync<THtml>(parameters);
        // The text component writes only text, which HtmlRenderer encodes: decoding gives the exact text back.
        var text = WebUtility.HtmlDecode(await RenderComponentAsync<TText>(parameters));
        return new RenderedEmail(html, NormalizeText(text));
    }

    private Task<string> RenderComponentAsync<T>(IReadOnlyDictionary<string, object?> parameters)
        where T : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters.ToDictionary()))).ToHtmlString());

    private static string NormalizeText(string text)
    {
        // Razor indentation must not reach the reader: trim each line, keep at most one empty line in a row.
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.Trim());
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0 && (result.Count == 0 || result[^1].Length == 0))
            {
                continue;
            }

            result.Add(line);
        }

        return string.Join("\r\n", result).TrimEnd() + "\r\n";
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}

/// <summary>An e-mail body in HTML and plain text.</summary>
public sealed record RenderedEmail(string Html, string Text);
