using DrService.Aws.Protocol;

namespace DrService.Aws.Tests.Protocol;

public sealed class QueryRequestTests
{
    [Fact]
    public void ToFormBody_ListsTagsAndFilters_FlattensAsEachCallSiteSays()
    {
        var request = new QueryRequest("rds", "2014-10-31", "DescribeDBSnapshots")
            .With("DBInstanceIdentifier", "orders db")
            .With("Skipped", (string?)null)
            .WithList("VpcSecurityGroupIds.VpcSecurityGroupId", ["sg-1", "sg-2"])
            .WithTags("Tags.Tag", [new("dr:app", "orders")])
            .WithFilters("Filters.Filter", "Values.Value", [new("engine", ["postgres", "mysql"])]);

        Assert.Equal(
            "Action=DescribeDBSnapshots&Version=2014-10-31&DBInstanceIdentifier=orders%20db"
            + "&VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-1&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-2"
            + "&Tags.Tag.1.Key=dr%3Aapp&Tags.Tag.1.Value=orders"
            + "&Filters.Filter.1.Name=engine&Filters.Filter.1.Values.Value.1=postgres&Filters.Filter.1.Values.Value.2=mysql",
            request.ToFormBody());
    }

    [Fact]
    public void WithReplaced_Marker_KeepsOneMarker()
    {
        var request = new QueryRequest("rds", "2014-10-31", "DescribeDBInstances").With("Marker", "a");

        var next = request.WithReplaced("Marker", "b");

        Assert.Equal("Action=DescribeDBInstances&Version=2014-10-31&Marker=b", next.ToFormBody());
        Assert.Equal("Action=DescribeDBInstances&Version=2014-10-31&Marker=a", request.ToFormBody());
    }
}
