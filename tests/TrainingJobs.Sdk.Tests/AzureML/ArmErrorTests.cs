using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using TrainingJobs.Sdk.AzureML;

namespace TrainingJobs.Sdk.Tests.AzureML;

/// <summary>ARM error bodies become <see cref="RequestFailedException"/>s that keep code, message, target and details (real HTTP on 127.0.0.1).</summary>
public sealed class ArmErrorTests
{
    private const string ArmErrorBody = """
        {"error": {"code": "UserError", "message": "The job name is invalid.", "target": "id",
          "details": [{"code": "InvalidName", "message": "Names may not contain '!'.", "target": "properties.displayName",
                       "details": [], "additionalInfo": []}],
          "additionalInfo": [{"type": "PolicyViolation", "info": {"policy": "no-bang"}}]}}
        """;

    [Test]
    public async Task An_arm_error_body_becomes_a_RequestFailedException_with_the_arm_error_code()
    {
        var response = await GetAsync(400, ArmErrorBody, "application/json");

        var exception = ArmErrors.CreateException(response);

        exception.Should().BeAssignableTo<RequestFailedException>();
        exception.Status.Should().Be(400);
        exception.ErrorCode.Should().Be("UserError");
        exception.Message.Should().Contain("The job name is invalid.");
        exception.GetRawResponse()!.Status.Should().Be(400);
        exception.Error.Should().NotBeNull();
        exception.Error!.Target.Should().Be("id");
        exception.Error.Details.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Code = "InvalidName",
            Message = "Names may not contain '!'.",
            Target = "properties.displayName",
        });
        exception.Error.AdditionalInfo.Should().ContainSingle().Which.Key.Should().Be("PolicyViolation");
        exception.Error.AdditionalInfo[0].Value.Should().Contain("no-bang");
    }

    [Test]
    public async Task A_body_that_is_not_an_arm_error_still_gives_an_exception_with_the_status()
    {
        var response = await GetAsync(502, "<html>Bad gateway</html>", "text/html");

        var exception = ArmErrors.CreateException(response);

        exception.Status.Should().Be(502);
        exception.Error.Should().BeNull();
        exception.ErrorCode.Should().BeNull();
    }

    [Test]
    public void Parse_reads_nested_details_and_rejects_non_errors()
    {
        ArmErrors.Parse(ArmErrorBody)!.Details[0].Details.Should().BeEmpty();
        ArmErrors.Parse("""{"value": []}""").Should().BeNull();
        ArmErrors.Parse("not json").Should().BeNull();
        ArmErrors.Parse(null).Should().BeNull();
    }

    private sealed class TestClientOptions : ClientOptions
    {
        public TestClientOptions() => Retry.MaxRetries = 0;
    }

    private static async Task<Response> GetAsync(int status, string body, string contentType)
    {
        var port = FreePort();
        var prefix = $"http://127.0.0.1:{port}/";
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        var pipeline = HttpPipelineBuilder.Build(new TestClientOptions());
        var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(new Uri(prefix + "subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/bad!?api-version=2025-12-01"));
        await pipeline.SendAsync(message, CancellationToken.None);
        await serve;
        // The pipeline buffers the body, so the response stays readable after the connection is gone.
        return message.Response;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
