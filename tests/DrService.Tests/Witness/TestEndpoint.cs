using System.Net;
using System.Threading.Channels;
using DrService.Testing;

namespace DrService.Tests.Witness;

/// <summary>A local HTTP endpoint on 127.0.0.1 whose answer the test sets: 200, 503, or no answer (until disposed).</summary>
public sealed class TestEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<int> _hits = Channel.CreateUnbounded<int>();
    private readonly Task _loop;
    private int _count;

    private TestEndpoint(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public enum Answer
    {
        Ok,
        Unavailable,
        NoAnswer,
    }

    public int Port { get; }

    public Uri Uri => new($"http://127.0.0.1:{Port}/health");

    public Answer Mode { get; set; }

    public int Hits => Volatile.Read(ref _count);

    public static TestEndpoint Start(Answer mode = Answer.Ok) => new(FreePort.Next()) { Mode = mode };

    /// <summary>Completes when the endpoint has received its <paramref name="count"/>th request (a bound keeps a broken test from hanging).</summary>
    public async Task WaitForHitAsync(int count)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _hits.Reader.ReadAsync(bound.Token) < count)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        _listener.Close();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var mode = Mode;
        _hits.Writer.TryWrite(Interlocked.Increment(ref _count));
        try
        {
            if (mode == Answer.NoAnswer)
            {
                await _release.Task;
            }
            context.Response.StatusCode = mode == Answer.Unavailable ? 503 : 200;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (timeout) or the listener closed.
        }
    }
}
