using DrService.Configuration;

namespace DrService.Tests.Api;

public sealed class AuthOptionsValidationTests
{
    [Theory]
    [InlineData("http://idp.example.test/", "drservice", "admins", "admin", "DrService:Auth:Oidc:Authority")]
    [InlineData("https://idp.example.test/", null, "admins", "admin", "DrService:Auth:Oidc:Audience")]
    [InlineData("https://idp.example.test/", "drservice", "admins", "root", "DrService:Auth:Oidc:RoleMap:admins")]
    [InlineData("https://idp.example.test/", "drservice", null, null, "DrService:Auth:Oidc:RoleMap")]
    public void Validate_BadOidc_NamesTheKey(string authority, string? audience, string? group, string? role, string path)
    {
        var options = new DrOptions();
        options.Auth.Oidc.Authority = new Uri(authority);
        options.Auth.Oidc.Audience = audience;
        if (group is not null)
        {
            options.Auth.Oidc.RoleMap[group] = role!;
        }
        var errors = new List<DrConfigurationError>();

        DrOptionsValidator.CollectCrossFieldErrors(options, errors);

        Assert.Contains(errors, e => e.Path == path);
    }

    [Fact]
    public void Validate_GoodOidcAndDefaults_NoAuthErrors()
    {
        var options = new DrOptions();
        options.Auth.Oidc.Authority = new Uri("https://idp.example.test/");
        options.Auth.Oidc.Audience = "drservice";
        options.Auth.Oidc.RoleMap["dr-ops"] = "Operator";
        var errors = new List<DrConfigurationError>();

        DrOptionsValidator.CollectCrossFieldErrors(options, errors);

        Assert.DoesNotContain(errors, e => e.Path.StartsWith("DrService:Auth", StringComparison.Ordinal));
    }
}
