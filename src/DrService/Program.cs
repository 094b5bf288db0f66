using DrService;

return await DrHost.RunAsync(args);
