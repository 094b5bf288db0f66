using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>The <c>DrService:Sandbox</c> section: run against a local moto server instead of AWS.</summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; }

    /// <summary>The command that starts moto server (found on PATH unless a path is given).</summary>
    public string MotoServer { get; set; } = "moto_server";

    /// <summary>The moto server port; 0 picks a free port at start.</summary>
    [Range(0, 65535, ErrorMessage = "must be a TCP port (0 to 65535; 0 picks a free port)")]
    public int MotoPort { get; set; }

    /// <summary>Create the demo estate of appsettings.json (instances, volumes, databases, buckets, zone) at start.</summary>
    public bool SeedDemoEstate { get; set; } = true;
}
