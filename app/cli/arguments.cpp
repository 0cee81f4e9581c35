#include "arguments.h"

#include <QSet>

namespace Cli {

// Options that take a value; all others are flags.
static const QSet<QString> &valueOptions()
{
    static const QSet<QString> options{
        QStringLiteral("connection-string"), QStringLiteral("endpoint"), QStringLiteral("key"),
        QStringLiteral("resource-token"), QStringLiteral("token-resource"),
        QStringLiteral("ca-cert"), QStringLiteral("throughput"), QStringLiteral("autoscale-max"),
        QStringLiteral("manual"), QStringLiteral("body"), QStringLiteral("partition-key"),
        QStringLiteral("ttl"), QStringLiteral("unique-key"), QStringLiteral("indexing-policy"),
        QStringLiteral("pk"), QStringLiteral("max-items"), QStringLiteral("if-match"),
        QStringLiteral("param"), QStringLiteral("page-size"), QStringLiteral("continuation"),
        QStringLiteral("concurrency"), QStringLiteral("query"), QStringLiteral("format"),
        QStringLiteral("output"), QStringLiteral("body-file"), QStringLiteral("type"),
        QStringLiteral("operation"), QStringLiteral("params"), QStringLiteral("mode"),
        QStringLiteral("resource"), QStringLiteral("resource-pk"), QStringLiteral("timeout"),
        QStringLiteral("max-response-mb"), QStringLiteral("rejects"), QStringLiteral("pre-trigger"), QStringLiteral("post-trigger"),
        QStringLiteral("log-requests"), QStringLiteral("sample"), QStringLiteral("auth"),
        QStringLiteral("tenant"), QStringLiteral("cloud"), QStringLiteral("authority-host"),
        QStringLiteral("arm-endpoint"), QStringLiteral("account-id"), QStringLiteral("principal"),
        QStringLiteral("role"), QStringLiteral("scope"), QStringLiteral("data-action"),
        QStringLiteral("preferred-regions"), QStringLiteral("consistency"),
        QStringLiteral("session-token"), QStringLiteral("max-integrated-cache-staleness")};
    return options;
}

static const QSet<QString> &flagOptions()
{
    static const QSet<QString> flags{
        QStringLiteral("emulator"), QStringLiteral("allow-untrusted-localhost"),
        QStringLiteral("verbose"), QStringLiteral("help"), QStringLiteral("if-not-exists"),
        QStringLiteral("metrics"), QStringLiteral("from-beginning"), QStringLiteral("from-now"),
        QStringLiteral("log"), QStringLiteral("version"), QStringLiteral("debug"),
        QStringLiteral("device-code"), QStringLiteral("browser"),
        QStringLiteral("by-range")};
    return flags;
}

bool Arguments::parse(const QStringList &args)
{
    bool optionsEnded = false;
    for (int i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        if (!optionsEnded && arg == QLatin1String("-h"))
            arg = QStringLiteral("--help");
        else if (!optionsEnded && arg == QLatin1String("-V"))
            arg = QStringLiteral("--version");
        if (optionsEnded || !arg.startsWith(QStringLiteral("--")) || arg == QLatin1String("-")) {
            m_positionals << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        QString name = arg.mid(2);
        QString value;
        bool hasInlineValue = false;
        if (const int eq = name.indexOf(QLatin1Char('=')); eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasInlineValue = true;
        }
        if (name == QLatin1String("h"))
            name = QStringLiteral("help");
        if (flagOptions().contains(name)) {
            if (hasInlineValue) {
                m_error = QStringLiteral("Option --%1 takes no value.").arg(name);
                return false;
            }
            m_values[name] << QString();
        } else if (valueOptions().contains(name)) {
            if (!hasInlineValue) {
                if (i + 1 >= args.size()) {
                    m_error = QStringLiteral("Option --%1 needs a value.").arg(name);
                    return false;
                }
                value = args.at(++i);
            }
            m_values[name] << value;
        } else {
            m_error = QStringLiteral("Unknown option --%1 (see --help).").arg(name);
            return false;
        }
    }
    return true;
}

QString Arguments::value(const QString &name, const QString &fallback) const
{
    const QStringList v = m_values.value(name);
    return v.isEmpty() ? fallback : v.last();
}

bool Arguments::intValue(const QString &name, int min, int max, int *result)
{
    if (!isSet(name))
        return true;
    bool ok = false;
    const int v = value(name).toInt(&ok);
    if (!ok || v < min || v > max) {
        m_error = QStringLiteral("--%1 must be a whole number from %2 to %3 (got \"%4\").")
                      .arg(name)
                      .arg(min)
                      .arg(max)
                      .arg(value(name));
        return false;
    }
    *result = v;
    return true;
}

QString usageText()
{
    return QStringLiteral(R"(Usage: cosmoscope-cli [CONNECTION] [--ca-cert FILE] [--allow-untrusted-localhost]
                      [--verbose] [--debug] [--output jsonl|json|table] COMMAND
       cosmoscope-cli --help | --version

Connection (default: the COSMOSCOPE_CONNECTION_STRING environment variable):
  --connection-string "AccountEndpoint=https://…;AccountKey=…;"
  --endpoint URL --key KEY
  --endpoint URL --resource-token TOKEN [--token-resource dbs/DB/colls/C]
  --emulator                    https://localhost:8081/ with the emulator's key
  --endpoint URL --auth entra   Microsoft Entra ID (also with a connection string without
                                AccountKey): AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET,
                                else the Azure CLI (az login); or --device-code (the code is
                                shown on stderr) or --browser (the address to open on stderr).
                                Management (databases, containers, throughput, scripts) goes
                                through Azure Resource Manager.
  --auth key|entra|resource-token  default: what the connection options imply
  --tenant ID|DOMAIN            the Entra tenant (default AZURE_TENANT_ID, else organizations)
  --cloud public|usgov|china    sign-in and ARM endpoints of a national cloud (default public)
  --authority-host URL          another sign-in endpoint (also AZURE_AUTHORITY_HOST)
  --arm-endpoint URL            another Azure Resource Manager endpoint
  --account-id ID               the account's ARM id (else found by its endpoint)
  --ca-cert FILE                also trust this PEM certificate (e.g. the emulator's), for
                                the account, the sign-in and ARM endpoints
  --allow-untrusted-localhost   accept any certificate from localhost / 127.0.0.1
  --verbose                     request charge, item count, time and activity id on stderr
  --log-requests FILE           append every HTTP attempt to FILE as JSON lines (time,
                                operation, path, status, RU, duration, bytes, retry,
                                activity id; never keys or signatures)
  --timeout SECONDS             give up on a request after this long, retries included
                                (default 70; a silent attempt is abandoned after 30 s)
  --max-response-mb N           refuse answers larger than N MB (default 32)
  --preferred-regions "A,B"     read from these regions first, in this order (the account's
                                regions are read from the account); reads move to the next
                                region when one refuses or answers 503
  --consistency LEVEL           Eventual, ConsistentPrefix, Session, BoundedStaleness or Strong:
                                sent with every request; not stronger than the account's
  --session-token TOKEN         reads and queries: the session token to read at (Session)
  --max-integrated-cache-staleness MS
                                reads and queries through a dedicated gateway: the largest
                                staleness accepted from its integrated cache
  --debug                       log each request (verb, path, status, RU, time) on stderr;
                                the same as QT_LOGGING_RULES="cosmoscope.*.debug=true"
  --output jsonl|json|table     lists and queries: one document per line
                                (default), one JSON array, or a table as wide as the terminal

DB, C, ID, U and P are ids. PK is a partition key value as JSON: '"a"', '42', '["a",1]'.

Commands:
  account
  db list | db query SQL | db show DB | db delete DB
  db create DB [--throughput N | --autoscale-max N] [--if-not-exists]
  container list DB | container query DB SQL | container show DB C | container delete DB C
  container replace DB C --body FILE
  container create DB C --partition-key /p[,/q…] [--ttl S] [--throughput N | --autoscale-max N]
                   [--unique-key /a[,/b]]… [--indexing-policy FILE] [--if-not-exists]
  item get DB C ID --pk PK | item list DB C [--max-items N] [--by-range]
  item create DB C [FILE|-] | item upsert DB C [FILE|-]
  item replace DB C ID [FILE|-] [--if-match ETAG]
  item delete DB C ID --pk PK [--if-match ETAG]
  query DB C SQL [--param @name=JSON]… [--pk PK] [--page-size N] [--max-items N] [--metrics]
  schema DB C [--sample N]      fields of N sampled documents (default 1000): path, presence,
                                types; --verbose adds the sampling cost
  changefeed DB C [--from-beginning | --from-now] [--pk PK] [--continuation TOKEN] [--by-range]
                                --by-range reads range by range as the SDKs do (follows
                                partition splits; the continuation lists the ranges)
  import DB C FILE|- [--concurrency N] [--rejects FILE]   (JSON array or JSON Lines, UTF-8)
  export DB C [--query SQL] [--format jsonl|json|csv] [--output FILE]
  sproc|trigger|udf list DB C | query DB C SQL | show DB C ID | delete DB C ID
  sproc|trigger|udf create|replace DB C ID --body-file JS
                   [--type pre|post --operation all|create|replace|delete]   (triggers)
  sproc exec DB C ID --pk PK [--params JSON_ARRAY] [--log]
  user list DB | user query DB SQL | user show DB U | user create DB U | user upsert DB U
  user replace DB U NEWID | user delete DB U
  permission list DB U | permission query DB U SQL | permission show DB U P
  permission delete DB U P
  permission create|upsert|replace DB U P --mode read|all --resource LINK [--resource-pk PK]
  throughput show DB [C] | throughput set DB [C] (--manual N | --autoscale-max N)
  conflicts list DB C | conflicts query DB C SQL | conflicts show DB C ID --pk PK
  conflicts delete DB C ID --pk PK
  azure accounts | azure subscriptions | azure tenants   (Entra sign-in; no account needed)
  role list | role definitions | role delete ID          (Entra connection: RBAC via ARM)
  role create --principal OBJECT_ID --role reader|contributor|DEFINITION_ID [--scope /dbs/D[/colls/C]]
  role create-definition NAME --data-action ACTION [--data-action ACTION]…

Lists, queries, exports and change feeds print one JSON document per line, exactly as stored
(key order and number text kept). Redirects are never followed. Colour is used only on a
terminal, never when NO_COLOR is set; logs never show a key, token or signature.
Import never overwrites; its summary counts every input item once: written, already present
(same content), conflicts (other content), failed, not attempted. --rejects FILE receives every
item not written, verbatim, one per line, with the reasons in FILE.reasons: importing FILE
again finishes the job.
Exit codes: 0 success, 1 usage or invalid input, 2 the service refused, 3 could not connect
or timed out, 4 the answer was damaged, too large or a redirect (output so far is partial).
)");
}

} // namespace Cli
