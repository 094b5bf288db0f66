namespace DrService.Aws.Configuration;

/// <summary>
/// The <c>DrService:Aws:EmulatorQuirks</c> section: workarounds for what the emulator (moto server 5.2.1) gets wrong,
/// each named for the emulator's fault and each off unless set. An endpoint override (<c>Aws:ServiceUrl</c>: a VPC or
/// FIPS endpoint) alone switches none of them on: against AWS they would accept weaker evidence or make extra calls.
/// The sandbox sets them all; tests against moto set them in their hosts. Start-up refuses a quirk without a
/// <c>ServiceUrl</c> (they mean nothing against AWS's own endpoints) and warns loudly about one outside the sandbox
/// (issue 14, item 17; docs/design/aws-facts.md).
/// </summary>
public sealed class EmulatorQuirks
{
    /// <summary>Every quirk on: moto server, as the sandbox and the tests run it.</summary>
    public static EmulatorQuirks Moto => new()
    {
        CopyImageIgnoresTagSpecifications = true,
        CreateImageRefusesSnapshotTags = true,
        PromotedReplicaKeepsSource = true,
    };

    /// <summary>
    /// CopyImage's TagSpecifications are ignored, so the copy is tagged again with CreateTags (one more call);
    /// otherwise an untagged copy is not recognised as ours and is copied again by the next cycle.
    /// </summary>
    public bool CopyImageIgnoresTagSpecifications { get; set; }

    /// <summary>CreateImage refuses a snapshot tag specification (NotImplementedError): the AMI's snapshots are not tagged on create.</summary>
    public bool CreateImageRefusesSnapshotTags { get; set; }

    /// <summary>
    /// PromoteReadReplica leaves ReadReplicaSourceDBInstanceIdentifier set: a replica whose promotion this execution
    /// issued (its tags say so) and that is available counts as promoted. On AWS the source is cleared, and only that
    /// counts.
    /// </summary>
    public bool PromotedReplicaKeepsSource { get; set; }

    /// <summary>The names of the quirks that are on, in declaration order.</summary>
    public IReadOnlyList<string> Enabled() =>
    [
        .. new (string Name, bool On)[]
        {
            (nameof(CopyImageIgnoresTagSpecifications), CopyImageIgnoresTagSpecifications),
            (nameof(CreateImageRefusesSnapshotTags), CreateImageRefusesSnapshotTags),
            (nameof(PromotedReplicaKeepsSource), PromotedReplicaKeepsSource),
        }.Where(q => q.On).Select(q => q.Name),
    ];
}
