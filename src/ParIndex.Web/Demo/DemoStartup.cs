using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ParIndex.Web.Demo;

/// <summary>Finds the sample folders, seeds the demo and prints the logins once the server listens.</summary>
internal static class DemoStartup
{
    public static async Task SeedDemoAsync(this WebApplication app)
    {
        var (samples, criteria) = Folders(app.Configuration, app.Environment.ContentRootPath);
        var logins = await DemoSeeder.SeedAsync(app.Services, samples, criteria, app.Lifetime.ApplicationStopping);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            DemoSeeder.Print(Console.Out, addresses, logins);
        });
    }

    /// <summary><c>Demo:Samples</c> and <c>Demo:Criteria</c>, or samples/ and scoring-criteria/ beside ParIndex.sln above the content root.</summary>
    internal static (string Samples, string Criteria) Folders(IConfiguration configuration, string contentRoot)
    {
        var samples = configuration["Demo:Samples"];
        var criteria = configuration["Demo:Criteria"];
        if (samples is null || criteria is null)
        {
            var repo = new DirectoryInfo(contentRoot);
            while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "ParIndex.sln"))) repo = repo.Parent;
            if (repo is null)
                throw new InvalidOperationException(
                    "ParIndex không khởi động được ở môi trường Demo: không tìm thấy thư mục samples/ và scoring-criteria/ " +
                    $"(không có ParIndex.sln ở {contentRoot} hay thư mục cha). Đặt Demo:Samples và Demo:Criteria.");
            samples ??= Path.Combine(repo.FullName, "samples");
            criteria ??= Path.Combine(repo.FullName, "scoring-criteria");
        }
        foreach (var (key, folder) in new[] { ("Demo:Samples", samples), ("Demo:Criteria", criteria) })
            if (!Directory.Exists(folder))
                throw new InvalidOperationException($"ParIndex không khởi động được ở môi trường Demo: thư mục {key} = {folder} không tồn tại.");
        return (samples, criteria);
    }
}
