using DrService.Aws.Configuration;
using DrService.Aws.Emulator;
using DrService.Configuration;
using DrService.Storage;

namespace DrService.Sandbox;

public static class SandboxHostingExtensions
{
    /// <summary>Fake credentials: in the sandbox, real AWS credentials are never sent anywhere.</summary>
    public const string AccessKey = "AKIASANDBOXSANDBOX00";
    public const string SecretKey = "sandbox-secret-not-a-real-key";

    /// <summary>
    /// Starts moto server as a child process (stopped with the host), points every AWS client at it with fake
    /// credentials, keeps the sandbox's state in its own fresh SQLite file, and seeds the demo estate.
    /// </summary>
    public static async Task AddDrSandboxAsync(this WebApplicationBuilder builder, DrOptions options, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var moto = await MotoServerProcess.StartAsync(options.Sandbox.MotoServer, options.Sandbox.MotoPort, TimeProvider.System, CancellationToken.None);
        // Registered through a factory so that the container disposes it (kills moto by its pid) when the host stops.
        builder.Services.AddSingleton(_ => moto);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => moto.DisposeAsync().AsTask().GetAwaiter().GetResult();

        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_PROFILE", null);

        // The emulator starts empty, so the sandbox's state starts empty too: a state file that speaks of copies the
        // emulator no longer holds would only mislead.
        var dataDirectory = Path.Combine(Path.GetFullPath(options.Storage.DataDirectory, configDirectory), "sandbox");
        foreach (var stale in Directory.Exists(dataDirectory) ? Directory.GetFiles(dataDirectory, StorageConnection.SqliteFileName + "*") : [])
        {
            File.Delete(stale);
        }

        var overrides = new Dictionary<string, string?>
        {
            // A demo should show a blocked copy's RPO going red in seconds, not after half an hour of backoff.
            ["DrService:Backups:MaxCopyAttempts"] = "3",
            ["DrService:Backups:RetryBaseDelay"] = "00:00:01",
            ["DrService:Backups:RetryMaxDelay"] = "00:00:02",
            ["DrService:Backups:PollInterval"] = "00:00:02",
            ["DrService:Sandbox:Enabled"] = "true",
            ["DrService:Aws:ServiceUrl"] = moto.Endpoint.ToString(),
            // The workarounds for what moto gets wrong: named, and set here only (never by the endpoint override).
            [$"DrService:Aws:EmulatorQuirks:{nameof(EmulatorQuirks.CopyImageIgnoresTagSpecifications)}"] = "true",
            [$"DrService:Aws:EmulatorQuirks:{nameof(EmulatorQuirks.CreateImageRefusesSnapshotTags)}"] = "true",
            [$"DrService:Aws:EmulatorQuirks:{nameof(EmulatorQuirks.PromotedReplicaKeepsSource)}"] = "true",
            ["DrService:Storage:Provider"] = nameof(StorageProvider.Sqlite),
            ["DrService:Storage:DataDirectory"] = dataDirectory,
            ["DrService:Storage:ConnectionString"] = null,
        };
        // The witness probes the sandbox's own stand-ins for the applications' endpoints, quickly. Only applications
        // that declare probes get them: one that declares none (the ledger) keeps none, as it would in production (no
        // witness, no smoke test: its drill measures RTO to infrastructure ready).
        var baseUrl = (builder.Configuration["Urls"] ?? "http://127.0.0.1:5080").Split(';')[0];
        foreach (var (name, app) in options.Applications.Where(a => a.Value.Probes.Primary is not null || a.Value.Probes.Secondary is not null))
        {
            foreach (var role in new[] { "Primary", "Secondary" })
            {
                var url = SandboxEndpoints.EndpointUrl(baseUrl, name, role.ToLowerInvariant());
                overrides[$"DrService:Applications:{name}:Probes:{role}"] = url;
            }
            overrides[$"DrService:Applications:{name}:Probes:Interval"] = "00:00:01";
            overrides[$"DrService:Applications:{name}:Probes:Threshold"] = "2";
            app.Probes.Primary = new Uri(SandboxEndpoints.EndpointUrl(baseUrl, name, "primary"));
            app.Probes.Secondary = new Uri(SandboxEndpoints.EndpointUrl(baseUrl, name, "secondary"));
            app.Probes.Interval = TimeSpan.FromSeconds(1);
            app.Probes.Threshold = 2;
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        options.Sandbox.Enabled = true;
        options.Backups.MaxCopyAttempts = 3;
        options.Backups.RetryBaseDelay = TimeSpan.FromSeconds(1);
        options.Backups.RetryMaxDelay = TimeSpan.FromSeconds(2);
        options.Backups.PollInterval = TimeSpan.FromSeconds(2);
        options.Aws.ServiceUrl = moto.Endpoint;
        options.Aws.EmulatorQuirks = EmulatorQuirks.Moto;
        options.Storage.Provider = StorageProvider.Sqlite;
        options.Storage.DataDirectory = dataDirectory;
        options.Storage.ConnectionString = null;

        if (options.Sandbox.SeedDemoEstate)
        {
            // Registered before the scheduler, so the estate exists before any job runs.
            builder.Services.AddHostedService<DemoEstateSeeder>();
        }
        builder.Services.AddHostedService<SandboxBanner>();
        builder.Services.AddHostedService<SandboxDemo>();
    }
}
