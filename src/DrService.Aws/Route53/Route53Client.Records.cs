using DrService.Aws.Protocol;

namespace DrService.Aws.Route53;

public sealed partial class Route53Client
{
    public async Task<IReadOnlyList<ResourceRecordSet>> ListResourceRecordSetsAsync(
        string hostedZoneId, string account = "default", CancellationToken cancellationToken = default)
    {
        var sets = new List<ResourceRecordSet>();
        (string? Name, string? Type, string? Identifier) start = default;
        while (true)
        {
            var query = Query(("name", start.Name), ("type", start.Type), ("identifier", start.Identifier), ("maxitems", MaxItems));
            var answer = await _send(account, "ListResourceRecordSets", HttpMethod.Get,
                $"{V}/hostedzone/{Id(hostedZoneId)}/rrset{query}", null, cancellationToken);
            sets.AddRange(answer.Path("ResourceRecordSets", "ResourceRecordSet").Select(Route53Xml.RecordSet));
            if (!Truncated(answer))
            {
                return sets;
            }
            var next = (answer.ChildValue("NextRecordName"), answer.ChildValue("NextRecordType"), answer.ChildValue("NextRecordIdentifier"));
            if (next == start || next.Item1 is null)
            {
                throw new InvalidOperationException($"ListResourceRecordSets of {hostedZoneId} did not advance past {start.Name} {start.Type}.");
            }
            start = next;
        }
    }

    public async Task<ChangeInfo> ChangeResourceRecordSetsAsync(
        string hostedZoneId,
        IReadOnlyList<ResourceRecordSetChange> changes,
        string? comment = null,
        string account = "default",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            throw new ArgumentException("A change batch needs at least one change.", nameof(changes));
        }
        var body = Route53Xml.El("ChangeResourceRecordSetsRequest",
            Route53Xml.El("ChangeBatch",
                Route53Xml.Opt("Comment", comment),
                Route53Xml.El("Changes", changes.Select(c => Route53Xml.El("Change",
                    Route53Xml.El("Action", c.Action.ToString().ToUpperInvariant()),
                    Route53Xml.ToXml(c.RecordSet))))));
        var answer = await _send(account, "ChangeResourceRecordSets", HttpMethod.Post,
            $"{V}/hostedzone/{Id(hostedZoneId)}/rrset", body, cancellationToken);
        return Route53Xml.Change(answer.Child("ChangeInfo"));
    }
}
