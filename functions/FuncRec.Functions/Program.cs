using FuncRec.Functions.Hosting;
using FuncRec.Infrastructure.Blob;
using FuncRec.Infrastructure.Redis;
using FuncRec.Ingestion;
using FuncRec.Serving;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions app is adapters only: each [Function] binds a trigger and calls one core handler.
// This file is its table of contents; every line is one concern.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();          // HTTP triggers take HttpRequest and return IActionResult (ASP.NET Core integration)
builder.UseMiddleware<ProblemDetailsMiddleware>();   // known exceptions in HTTP functions -> 4xx application/problem+json

builder.AddFuncRecRedis();                           // Redis__*       -> one IConnectionMultiplexer
builder.AddFuncRecBlobStorage();                     // BlobStorage__* -> one BlobServiceClient (connection string: Azurite locally)
builder.AddFuncRecBlobIdentity();                    // BlobStorage__ServiceUri -> the same client, authenticated with the app's managed identity
builder.AddFuncRecTelemetry();                       // Application Insights (Entra ID) + OpenTelemetry for the FuncRec.* sources and meters

builder.AddFuncRecIngestion();                       // Ingestion__*, Features__* -> BehaviorIngestor, CatalogIngestor (IngestBehavior*, IngestCatalog*)
builder.AddFuncRecServing();                         // Serving__*, Search__*     -> ScoringHandlers, ModelHolder + ETag watcher (Recommend, Score, Search, ModelPointerChanged)
builder.AddFuncRecDurableUpdates();                  // Updates__*                -> coordinator, activities, admin handlers over DurableTaskClient (PolicyTick, UpdateOrchestration, ops/admin/*)

builder.Build().Run();
