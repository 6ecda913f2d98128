using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Data;

namespace ParIndex.Service.Tests.Infrastructure;

/// <summary>
/// The real web service in memory (real HTTP pipeline, real database) for one test class or test:
/// the database is the caller's, the environment "Testing" unless said otherwise.
/// </summary>
public sealed class ServiceHost(DatabaseOptions database, string environment = "Testing", IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The password <see cref="CreateUserAsync"/> gives when none is passed (meets Identity's default rules).</summary>
    public const string Password = "Test@12345";

    private int _users;

    /// <summary>
    /// The service on real Kestrel (a free port on 127.0.0.1, real sockets and HTTP), started before it returns:
    /// <see cref="Anonymous"/> and the sign-in helpers then talk to it over the network, not in memory.
    /// With <paramref name="certificate"/> it listens over HTTPS (and its clients accept that certificate).
    /// </summary>
    public static ServiceHost OverKestrel(DatabaseOptions database, string environment = "Testing",
        IReadOnlyDictionary<string, string?>? settings = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null,
        Action<IServiceCollection>? services = null)
    {
        var host = new ServiceHost(database, environment, settings) { _services = services };
        var port = FreePort();
        host.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port, l => { if (certificate is not null) l.UseHttps(certificate); }));
        host.ClientOptions.BaseAddress = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}");
        host._certificate = certificate;
        host.StartServer();
        return host;
    }

    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;
    private Action<IServiceCollection>? _services;

    /// <summary>The address the service listens on (Kestrel) or the in-memory server's.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = TimeSpan.FromMinutes(5);
    }

    /// <summary>Over HTTPS, the clients trust the test's own self-signed certificate (and nothing else).</summary>
    public HttpClient HttpsClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate?.Thumbprint,
        AllowAutoRedirect = false,
    }) { BaseAddress = BaseAddress };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
    /// <summary>The service's clock, when a test sets it (a FakeTimeProvider); the system clock otherwise.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The database the service runs on.</summary>
    public DatabaseOptions Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:ParIndex", Database.ConnectionString);
        // A PostgreSQL database has no folder of its own: the key ring goes to a temp folder, not the web project's.
        if (Database.Provider == DatabaseProvider.Postgres)
            builder.UseSetting("DataProtection:KeysFolder", Path.Combine(Path.GetTempPath(), "parindex-tests", "keys-" + Database.ConnectionString.GetHashCode().ToString("x")));
        builder.UseSetting("Evidence:Path", TestDatabase.EvidenceFolder(Database));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
        if (Clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }

    /// <summary>Runs something against the service's database in a fresh scope (audited as "system").</summary>
    public async Task<T> WithDbAsync<T>(Func<ParIndexDb, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ParIndexDb>());
    }

    /// <summary>Creates an account directly through Identity, with a role (ParIndex.Data.Roles) and, for a focal point, a unit.</summary>
    public async Task<AppUser> CreateUserAsync(string userName, string? role, string? unitCode = null, string password = Password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = $"Người dùng thử {userName}", UnitCode = unitCode };
        Check(await users.CreateAsync(user, password));
        if (role is not null) Check(await users.AddToRoleAsync(user, role));
        return user;

        static void Check(IdentityResult result) =>
            Assert.That(result.Succeeded, Is.True, () => string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>Signs in and returns a client carrying the cookie (<paramref name="cookies"/>) or the bearer token.</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password = Password, bool cookies = false)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync($"/api/auth/login{(cookies ? "?useCookies=true" : "")}", new { userName, password });
        Assert.That(response.IsSuccessStatusCode, Is.True, () => $"login {userName}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        if (!cookies)
        {
            using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        }
        return client;
    }

    /// <summary>Creates a fresh account with the role (and unit) and returns a client signed in as it.</summary>
    public async Task<HttpClient> ClientAsync(string role, string? unitCode = null, bool cookies = false)
    {
        var userName = $"{role}{Interlocked.Increment(ref _users)}@test";
        await CreateUserAsync(userName, role, unitCode);
        return await LoginAsync(userName, cookies: cookies);
    }
}
