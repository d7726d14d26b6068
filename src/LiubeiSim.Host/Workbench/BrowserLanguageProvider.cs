using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace LiubeiSim.Host.Workbench;

/// <summary>
/// The browser's languages, in its order of preference, matched by language alone: any Chinese (zh, zh-CN, zh-Hans-CN,
/// zh-TW) reads the Chinese pages, any English the English ones. ASP.NET's own provider would match en-US to en through
/// the culture's parent, which invariant globalization (the model's setting) does not know.
/// </summary>
public sealed class BrowserLanguageProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.Headers.AcceptLanguage.ToString();
        if (header.Length == 0 || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var languages))
        {
            return NullProviderCultureResult;
        }

        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
        {
            var primary = (language.Value.Value ?? string.Empty).Split('-')[0];
            var match = WorkbenchExtensions.Cultures.FirstOrDefault(c => c.Name.Split('-')[0].Equals(primary, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(match.Name));
            }
        }

        return NullProviderCultureResult;
    }
}
