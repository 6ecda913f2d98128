using ParIndex.Application;
using ParIndex.Data;
using ParIndex.Web.Api;
using ParIndex.Web.Auth;
using ParIndex.Web.Demo;
using ParIndex.Web.Hosting;
using ParIndex.Web.Ui;

var builder = WebApplication.CreateBuilder(args);

// Options, checked before anything starts: a wrong setting stops here with a message a person can act on.
var database = StartupChecks.Database(builder.Configuration);
builder.Services.AddSingleton(StartupChecks.Workbooks(builder.Configuration));
builder.Services.AddSingleton(StartupChecks.Evidence(builder.Configuration, database));

// Layers, each registering itself in one place.
builder.Services.AddParIndexData(database);
builder.Services.AddParIndexApplication();
builder.Services.AddParIndexAuth();
builder.Services.AddParIndexProblems();
builder.Services.AddParIndexOpenApi();
builder.Services.AddParIndexPages();
builder.Services.AddParIndexWebHygiene(builder.Configuration, database, builder.Environment);

var app = builder.Build();

// The database: migrations and the roles, every environment; demo accounts and the sample province only in Demo.
await DatabaseStartup.PrepareAsync(app.Services);
if (app.Environment.IsDemo()) await app.SeedDemoAsync();

// The pipeline: the security headers first, so that every answer carries them (errors and files too).
app.UseParIndexSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();          // CSS, scripts and the vendored chart library: public, before sign-in
app.UseRequestLocalization();
app.UseLanguageSwitch();
app.UseAuthentication();
app.UseBearerOnlyApiChanges();
app.UseAuthorization();

// The API: everything but login needs a signed-in user (the fallback policy); the OpenAPI document too.
app.MapOpenApi().WithSummary("Tài liệu OpenAPI của API (OpenAPI document)");
app.MapAuthApi();
app.MapMeApi();
app.MapAccountsApi();
app.MapUnitsApi();
app.MapCriteriaSetsApi();
app.MapRoundsApi();
app.MapSubmissionsApi();
app.MapAppraisalsApi();
app.MapEvidenceApi();
app.MapSurveysApi();
app.MapBaselinesApi();
app.MapResultsApi();
app.MapAuditApi();
if (app.Environment.IsTesting()) app.MapTestingApi();

// The pages, per audience: Office/, Unit/ (focal points), Leadership/.
app.MapRazorPages();

await app.RunAsync();

/// <summary>The web service's entry point; public so that tests can host it (WebApplicationFactory).</summary>
public partial class Program;
