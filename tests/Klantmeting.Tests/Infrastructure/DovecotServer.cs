using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Klantmeting.Tests.Infrastructure;

/// <summary>
/// A real IMAP server for tests: Debian's dovecot-imapd (<c>/usr/sbin/dovecot</c>, installed by infra/test.sh),
/// started in the foreground with a generated configuration in a temporary folder: 127.0.0.1 on a free port,
/// plain-text login without TLS, users from a passwd-file, maildir mailboxes. Each test gets its own mailbox user
/// from <see cref="CreateMailboxAsync"/>; dovecot re-reads the passwd-file when it changes.
/// </summary>
public sealed class DovecotServer : IAsyncLifetime
{
    public const string Executable = "/usr/sbin/dovecot";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "klantmeting-dovecot-" + Guid.NewGuid().ToString("N"));
    private readonly Lock _lock = new();
    private Process? _process;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: install Debian's dovecot-imapd (apt-get install -y --no-install-recommends dovecot-imapd; infra/test.sh does this).");
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            throw new InvalidOperationException("The IMAP test server (dovecot) is started as root; run the tests as root (infra/test.sh).");
        }

        Directory.CreateDirectory(Path.Combine(_folder, "run"));
        Directory.CreateDirectory(Path.Combine(_folder, "mail"));
        // Dovecot's mail processes run as 'nobody': they must reach the folder and write the mailboxes.
        File.SetUnixFileMode(_folder, (UnixFileMode)0x1ED); // 0755
        File.SetUnixFileMode(Path.Combine(_folder, "mail"), (UnixFileMode)0x3FF); // 1777
        await File.WriteAllTextAsync(Path.Combine(_folder, "passwd"), "");
        Port = FreePort();
        var config = Path.Combine(_folder, "dovecot.conf");
        await File.WriteAllTextAsync(config, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{_folder}}/run
            state_dir = {{_folder}}/state
            log_path = {{_folder}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = dovecot
            default_login_user = dovenull
            first_valid_uid = 1
            mail_location = maildir:{{_folder}}/mail/%u
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{_folder}}/passwd
            }
            userdb {
              driver = static
              args = uid=nobody gid=nogroup home={{_folder}}/mail/%u
            }
            namespace inbox {
              inbox = yes
              separator = /
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
              chroot =
            }
            """);
        _process = Process.Start(new ProcessStartInfo(Executable, ["-F", "-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        await Eventually.TrueAsync(() => _process.HasExited || CanConnect(Port), TimeSpan.FromSeconds(20), "dovecot accepting connections");
        if (!CanConnect(Port))
        {
            var log = File.Exists(Path.Combine(_folder, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "dovecot.log")) : "";
            throw new InvalidOperationException("dovecot did not start: " + await _process.StandardError.ReadToEndAsync() + log);
        }
    }

    /// <summary>A new, empty mailbox user; returns its name (the password is the same).</summary>
    public string CreateMailbox()
    {
        var user = "u" + Guid.NewGuid().ToString("N")[..12];
        lock (_lock)
        {
            File.AppendAllText(Path.Combine(_folder, "passwd"), $"{user}:{{PLAIN}}{user}\n");
        }

        return user;
    }

    /// <summary>Settings that point the application's bounce job at <paramref name="user"/>'s mailbox.</summary>
    public Dictionary<string, string?> Settings(string user) => new()
    {
        ["Bounces:Imap:Host"] = "127.0.0.1",
        ["Bounces:Imap:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bounces:Imap:Security"] = "None",
        ["Bounces:Imap:UserName"] = user,
        ["Bounces:Imap:Password"] = user,
    };

    /// <summary>A connected, signed-in client for <paramref name="user"/>.</summary>
    public async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, user);
        return client;
    }

    /// <summary>Drops <paramref name="messages"/> into <paramref name="user"/>'s INBOX with IMAP APPEND.</summary>
    public async Task AppendAsync(string user, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync(user);
        foreach (var message in messages)
        {
            await client.Inbox.AppendAsync(message);
        }

        await client.DisconnectAsync(true);
    }

    /// <summary>Number of messages per folder path (INBOX and every other folder that exists).</summary>
    public async Task<Dictionary<string, int>> CountAsync(string user)
    {
        using var client = await ConnectAsync(user);
        var result = new Dictionary<string, int>();
        foreach (var folder in await client.GetFoldersAsync(client.PersonalNamespaces[0]))
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect))
            {
                continue;
            }

            await folder.StatusAsync(StatusItems.Count);
            result[folder.FullName] = folder.Count;
        }

        await client.DisconnectAsync(true);
        return result;
    }

    public Task DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process?.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }

        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanConnect(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
