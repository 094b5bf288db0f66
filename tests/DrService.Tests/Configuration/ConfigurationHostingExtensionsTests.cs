using DrService.Testing;
using DrService.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DrService.Tests.Configuration;

public sealed class ConfigurationHostingExtensionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void AddDrConfiguration_RepositoryFile_RegistersValidatedOptionsAndLocation()
    {
        string[] args = ["--config", Repository.AppSettings];
        var builder = Builder(args, "Production");

        var returned = builder.AddDrConfiguration(args);
        using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<DrOptions>>().Value;
        Assert.Equal(returned.Applications.Keys.Order(), options.Applications.Keys.Order());
        Assert.Equal("orders", options.Applications["orders"].Resources.Volumes!.Tags["dr:app"]);
        Assert.Contains(app.Services.GetServices<IValidateOptions<DrOptions>>(), v => v is DrOptionsValidator);
        Assert.Equal(Repository.AppSettings, app.Services.GetRequiredService<ConfigurationFileLocation>().FilePath);
        Assert.Equal("http://127.0.0.1:5080", builder.Configuration["Urls"]);
    }

    [Fact]
    public void AddDrConfiguration_EnvironmentFileAndCommandLine_OverrideInThatOrder()
    {
        var file = _folder.Write("appsettings.json", ConfigurationFileBuilder.FromRepository().ToJson());
        _folder.Write("appsettings.Staging.json",
            """{ "DrService": { "Telemetry": { "ServiceName": "staging" }, "Storage": { "DataDirectory": "staging-data" } } }""");
        string[] args = ["--config", file, "--DrService:Storage:DataDirectory=cli-data"];

        var options = Builder(args, "Staging").AddDrConfiguration(args);

        Assert.Equal("staging", options.Telemetry.ServiceName);
        Assert.Equal("cli-data", options.Storage.DataDirectory);
    }

    [Fact]
    public void AddDrConfiguration_CommandLineBreaksTheFile_ThrowsWithFilePathAndEveryError()
    {
        var file = _folder.Write("appsettings.json", ConfigurationFileBuilder.FromRepository().ToJson());
        string[] args = ["--config", file, "--DrService:Storage:Provider=Postgres", "--DrService:Regions:Dr=us-east-1"];

        var ex = Assert.Throws<DrConfigurationException>(() => Builder(args, "Production").AddDrConfiguration(args));

        Assert.Contains($"{file}: DrService:Storage:ConnectionString: is required when Provider is Postgres", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"{file}: DrService:Regions:Dr: must differ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDrConfiguration_MalformedJson_ThrowsConfigurationException()
    {
        var file = _folder.Write("appsettings.json", """{ "DrService": { "Regions": """);
        string[] args = ["--config", file];

        var ex = Assert.Throws<DrConfigurationException>(() => Builder(args, "Production").AddDrConfiguration(args));

        Assert.StartsWith("not valid JSON", Assert.Single(ex.Errors).Reason, StringComparison.Ordinal);
        Assert.Equal(file, ex.FilePath);
    }

    private static WebApplicationBuilder Builder(string[] args, string environment) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environment });
}
