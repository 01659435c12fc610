using System.Diagnostics;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using TrainingJobs.Sdk.Lineage.Evidence;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>DSSE: the PAE of the spec's own test vector, signing and verifying with P-256 keys, and what breaks a signature.</summary>
[Parallelizable(ParallelScope.All)]
public class DsseTests
{
    // The test vector of the DSSE protocol (secure-systems-lab/dsse, protocol.md, "Test Vectors").
    private const string VectorType = "http://example.com/HelloWorld";
    private const string VectorPae = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
    private const string VectorX = "46950820868899156662930047687818585632848591499744589407958293238635476079160";
    private const string VectorY = "5640078356564379163099075877009565129882514886557779369047442380624545832820";
    private const string VectorSig = "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==";

    [Test]
    public void Pae_matches_the_DSSE_protocol_test_vector()
    {
        Encoding.ASCII.GetString(Dsse.Pae(VectorType, "hello world"u8)).Should().Be(VectorPae);
        Dsse.Pae("", []).Should().Equal("DSSEv1 0  0 "u8.ToArray());
        Dsse.Pae("t/ü", [0, 1]).Should().Equal([.. "DSSEv1 4 t/ü 2 "u8, 0, 1], "lengths count UTF-8 bytes");
    }

    [Test]
    public void The_spec_vector_signature_verifies_over_our_PAE()
    {
        // The vector's signature is raw r||s from deterministic ECDSA P-256 over PAE: if our PAE differed by a
        // single byte, the published signature would not verify.
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Coordinate(VectorX), Y = Coordinate(VectorY) },
        });

        key.VerifyData(Dsse.Pae(VectorType, "hello world"u8), Convert.FromBase64String(VectorSig), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            .Should().BeTrue();
        key.VerifyData(Dsse.Pae(VectorType, "hello world!"u8), Convert.FromBase64String(VectorSig), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            .Should().BeFalse();
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Sign_then_verify_round_trips_with_a_PKCS8_or_SEC1_key(bool sec1)
    {
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePem = sec1 ? generated.ExportECPrivateKeyPem() : generated.ExportPkcs8PrivateKeyPem();
        using var signer = DsseKey.TryLoadPrivate(privatePem, out var problem)!;
        problem.Should().BeNull();
        using var verifier = DsseKey.TryLoadPublic(generated.ExportSubjectPublicKeyInfoPem(), out problem)!;
        var payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}"u8.ToArray();

        var envelope = Dsse.Sign(InTotoStatement.PayloadType, payload, signer);
        var back = Dsse.TryDeserialize(Dsse.Serialize(envelope), out problem)!;
        var result = Dsse.Verify(back, verifier);

        problem.Should().BeNull();
        result.Outcome.Should().Be(DsseVerification.Valid, result.Message);
        result.Payload.Should().Equal(payload);
        envelope.Signatures.Single().KeyId.Should().Be(Convert.ToHexStringLower(SHA256.HashData(generated.ExportSubjectPublicKeyInfo())));
        verifier.KeyId.Should().Be(signer.KeyId);
    }

    [Test]
    public void A_tampered_payload_or_type_fails_and_a_wrong_key_is_named_as_such()
    {
        using var signer = NewKey(out var publicPem);
        using var verifier = DsseKey.TryLoadPublic(publicPem, out _)!;
        using var stranger = NewKey(out var strangerPem);
        using var strangerPublic = DsseKey.TryLoadPublic(strangerPem, out _)!;
        var envelope = Dsse.Sign(InTotoStatement.PayloadType, "{\"subject\":[]}"u8, signer);

        var tamperedPayload = envelope with { Payload = Convert.ToBase64String("{\"subject\":[1]}"u8) };
        var tamperedType = envelope with { PayloadType = "application/json" };
        var unsigned = envelope with { Signatures = [] };

        Dsse.Verify(tamperedPayload, verifier).Outcome.Should().Be(DsseVerification.Tampered);
        Dsse.Verify(tamperedType, verifier).Outcome.Should().Be(DsseVerification.Tampered);
        Dsse.Verify(envelope, strangerPublic).Outcome.Should().Be(DsseVerification.WrongKey);
        Dsse.Verify(envelope with { Signatures = [envelope.Signatures[0] with { KeyId = null }] }, strangerPublic).Outcome
            .Should().Be(DsseVerification.Tampered, "without a key id the stranger's key is tried, and it does not verify");
        Dsse.Verify(unsigned, verifier).Outcome.Should().Be(DsseVerification.NoSignature);
        Dsse.Verify(envelope with { Payload = "%%%" }, verifier).Outcome.Should().Be(DsseVerification.Malformed);
        Dsse.Verify(tamperedPayload, verifier).Payload.Should().BeNull("nothing unverified is handed out");
    }

    [Test]
    public void A_URL_safe_unpadded_payload_is_accepted_as_DSSE_requires()
    {
        using var signer = NewKey(out var publicPem);
        using var verifier = DsseKey.TryLoadPublic(publicPem, out _)!;
        var payload = new byte[] { 0xfb, 0xff, 0xfe, 0x01 };
        var envelope = Dsse.Sign("application/octet-stream", payload, signer);
        var urlSafe = envelope with { Payload = envelope.Payload.Replace('+', '-').Replace('/', '_').TrimEnd('=') };

        urlSafe.Payload.Should().NotBe(envelope.Payload);
        Dsse.Verify(urlSafe, verifier).Outcome.Should().Be(DsseVerification.Valid);
    }

    [Test]
    public void The_signature_is_DER_and_openssl_verifies_it()
    {
        var openssl = File.Exists("/usr/bin/openssl") ? "/usr/bin/openssl" : null;
        if (openssl is null) Assert.Ignore("openssl is not installed here");
        using var signer = NewKey(out var publicPem);
        var payload = "statement bytes"u8.ToArray();
        var envelope = Dsse.Sign(InTotoStatement.PayloadType, payload, signer);
        var folder = Directory.CreateTempSubdirectory("tj-dsse-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "key.pub"), publicPem);
            File.WriteAllBytes(Path.Combine(folder, "pae.bin"), Dsse.Pae(InTotoStatement.PayloadType, payload));
            File.WriteAllBytes(Path.Combine(folder, "sig.der"), Convert.FromBase64String(envelope.Signatures[0].Sig));
            var start = new ProcessStartInfo(openssl!, ["dgst", "-sha256", "-verify", "key.pub", "-signature", "sig.der", "pae.bin"])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();

            process.ExitCode.Should().Be(0, output);
            output.Should().Contain("Verified OK");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Keys_that_are_not_unencrypted_P256_are_refused_with_a_reason()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var encrypted = p256.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000));

        DsseKey.TryLoadPrivate(p384.ExportPkcs8PrivateKeyPem(), out var problem).Should().BeNull();
        problem.Should().Contain("not P-256");
        DsseKey.TryLoadPrivate(encrypted, out problem).Should().BeNull();
        problem.Should().Contain("encrypted");
        DsseKey.TryLoadPrivate(p256.ExportSubjectPublicKeyInfoPem(), out problem).Should().BeNull();
        problem.Should().Contain("PUBLIC KEY");
        DsseKey.TryLoadPublic(rsa.ExportSubjectPublicKeyInfoPem(), out problem).Should().BeNull();
        problem.Should().Contain("not an ECDSA key");
        DsseKey.TryLoadPublic("not pem", out problem).Should().BeNull();
        problem.Should().Contain("no PEM block");
    }

    private static DsseKey NewKey(out string publicPem)
    {
        using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        publicPem = generated.ExportSubjectPublicKeyInfoPem();
        return DsseKey.TryLoadPrivate(generated.ExportPkcs8PrivateKeyPem(), out _)!;
    }

    private static byte[] Coordinate(string decimalValue)
    {
        var bytes = BigInteger.Parse(decimalValue, System.Globalization.CultureInfo.InvariantCulture).ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
