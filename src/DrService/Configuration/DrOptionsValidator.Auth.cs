using DrService.Api.Auth;

namespace DrService.Configuration;

/// <summary>The rules of the Auth section.</summary>
public sealed partial class DrOptionsValidator
{
    private static void ValidateAuth(AuthOptions auth, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Auth);
        if (auth.CookieLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{path}:{nameof(auth.CookieLifetime)}", $"must be positive (was {AnnotationValidator.Describe(auth.CookieLifetime)})");
        }
        var oidc = auth.Oidc;
        const string oidcPath = path + ":" + nameof(auth.Oidc);
        if (oidc.Authority is { } authority)
        {
            if (!authority.IsAbsoluteUri || authority.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"{oidcPath}:{nameof(oidc.Authority)}", $"must be an https URL (was '{authority}')");
            }
            if (string.IsNullOrWhiteSpace(oidc.Audience))
            {
                errors.Add($"{oidcPath}:{nameof(oidc.Audience)}", "is required when Authority is set");
            }
            if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
            {
                errors.Add($"{oidcPath}:{nameof(oidc.RoleClaim)}", "is required when Authority is set");
            }
            if (oidc.RoleMap.Count == 0)
            {
                errors.Add($"{oidcPath}:{nameof(oidc.RoleMap)}", "must map at least one identity-provider role to a DrService role (without it every OIDC caller is refused)");
            }
        }
        foreach (var (key, value) in oidc.RoleMap)
        {
            if (!DrRoles.TryParse(value, out _))
            {
                errors.Add($"{oidcPath}:{nameof(oidc.RoleMap)}:{key}", $"must be one of {DrRoles.List} (was '{value}')");
            }
        }
    }
}
