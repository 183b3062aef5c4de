using System.ComponentModel.DataAnnotations;

namespace Klantmeting.Web.Infrastructure;

/// <summary>
/// Optional sign-in through an OpenID Connect provider (e.g. the organisation's Entra ID or Keycloak), beside the
/// built-in accounts. Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OpenIdConnectSettings : IValidatableObject
{
    public const string Section = "Authentication:OpenIdConnect";

    /// <summary>The authentication scheme name (also in the callback path <c>/signin-oidc</c>).</summary>
    public const string Scheme = "oidc";

    /// <summary>Claim that marks a principal signed in through OpenID Connect (no local account behind it).</summary>
    public const string SourceClaim = "klantmeting:bron";

    /// <summary>Issuer URL, e.g. <c>https://login.example.nl/realms/ako</c>. Empty = OpenID Connect is off.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>Text of the button on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Inloggen met uw organisatieaccount";

    /// <summary>Claim whose values are Klantmeting roles (<c>beheerder</c>, <c>werkplein</c>); other values are ignored.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim whose values are the codes of the Werkpleinen a <c>werkplein</c> user may see.</summary>
    public string WerkpleinClaim { get; set; } = "werkplein";

    /// <summary>Extra scopes besides <c>openid profile email</c>, space separated.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>Require https for the metadata address (only tests against a local provider turn this off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult($"{Section}:ClientId is required when {Section}:Authority is set.", [nameof(ClientId)]);
        }

        if (Enabled && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"{Section}:Authority '{Authority}' is not an absolute URL.", [nameof(Authority)]);
        }
    }
}
