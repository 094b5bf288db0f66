using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace DrService.Aws.Protocol;

/// <summary>
/// One call of a Query-protocol service (RDS 2014-10-31, CloudWatch 2010-08-01): service, API version, action and
/// the ordered form parameters. Immutable: every <c>With*</c> returns a new request. Lists and structures are
/// flattened explicitly at the call site, because each service spells them its own way
/// (RDS <c>Filters.Filter.N.Name</c> and <c>Tags.Tag.N.Key</c>; CloudWatch <c>Dimensions.member.N.Name</c>).
/// </summary>
public sealed record QueryRequest(string Service, string Version, string Action)
{
    public ImmutableList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>Adds <c>name=value</c>; a null value adds nothing (optional parameters read naturally).</summary>
    public QueryRequest With(string name, string? value) =>
        value is null ? this : this with { Parameters = Parameters.Add(new(name, value)) };

    public QueryRequest With(string name, int? value) => With(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryRequest With(string name, double? value) => With(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Booleans are lower case (<c>true</c>/<c>false</c>).</summary>
    public QueryRequest With(string name, bool? value) => With(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Timestamps in ISO 8601 UTC (<c>2025-01-01T00:00:00Z</c>).</summary>
    public QueryRequest With(string name, DateTimeOffset? value) =>
        With(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    /// <summary>Replaces every <paramref name="name"/> parameter (pagination markers).</summary>
    public QueryRequest WithReplaced(string name, string? value) =>
        (this with { Parameters = Parameters.RemoveAll(p => p.Key == name) }).With(name, value);

    /// <summary>A list of scalars: <c>{prefix}.1=a&amp;{prefix}.2=b</c>; pass the full prefix, e.g. <c>"VpcSecurityGroupIds.VpcSecurityGroupId"</c>.</summary>
    public QueryRequest WithList(string prefix, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var request = this;
        var n = 0;
        foreach (var value in values)
        {
            request = request.With(Invariant($"{prefix}.{++n}"), value);
        }
        return request;
    }

    /// <summary>A list of structures: <c>{prefix}.N.{field}=value</c> for each field the selector returns.</summary>
    public QueryRequest WithEntries<T>(string prefix, IEnumerable<T> items, Func<T, IEnumerable<KeyValuePair<string, string?>>> fields)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(fields);
        var request = this;
        var n = 0;
        foreach (var item in items)
        {
            n++;
            foreach (var (field, value) in fields(item))
            {
                request = request.With(Invariant($"{prefix}.{n}.{field}"), value);
            }
        }
        return request;
    }

    /// <summary>Tags as <c>{prefix}.N.Key</c>/<c>.Value</c>: RDS <c>"Tags.Tag"</c>, CloudWatch <c>"Tags.member"</c>.</summary>
    public QueryRequest WithTags(string prefix, IEnumerable<KeyValuePair<string, string>> tags) =>
        WithEntries(prefix, tags, t => [new("Key", t.Key), new("Value", t.Value)]);

    /// <summary>
    /// Filters as <c>{prefix}.N.Name</c> and <c>{prefix}.N.{valuesPrefix}.M</c>: RDS <c>("Filters.Filter", "Values.Value")</c>.
    /// </summary>
    public QueryRequest WithFilters(string prefix, string valuesPrefix, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> filters) =>
        WithEntries(prefix, filters, f =>
            f.Value.Select((v, i) => new KeyValuePair<string, string?>(Invariant($"{valuesPrefix}.{i + 1}"), v))
                .Prepend(new("Name", f.Key)));

    /// <summary>The form body: <c>Action=...&amp;Version=...&amp;</c> then the parameters in order, RFC 3986 encoded.</summary>
    public string ToFormBody()
    {
        var body = new StringBuilder()
            .Append("Action=").Append(Uri.EscapeDataString(Action))
            .Append("&Version=").Append(Uri.EscapeDataString(Version));
        foreach (var (name, value) in Parameters)
        {
            body.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return body.ToString();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
