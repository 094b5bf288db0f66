using DrService;
using DrService.Health;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args, Console.Out);
}

return await DrHost.RunAsync(args);
