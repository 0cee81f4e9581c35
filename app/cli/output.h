#pragma once

#include <cosmoserror.h>
#include <cosmosrequest.h>

#include <QFile>
#include <QJsonValue>

namespace Cli {

/// Process exit codes.
enum ExitCode { ExitOk = 0, ExitInvalid = 1, ExitService = 2, ExitConnection = 3, ExitDamaged = 4 };

/// 1 for invalid input, 2 for a service refusal, 3 for connection, timeout or TLS problems,
/// 4 for a damaged, oversized or redirected answer (output so far is partial).
int exitCodeFor(const Cosmos::CosmosError &error);

/// Writes results to stdout (or a file) and diagnostics to stderr.
class Output
{
public:
    Output();

    void setVerbose(bool verbose) { m_verbose = verbose; }
    bool verbose() const { return m_verbose; }

    /// One resource, indented JSON.
    void printDocument(const QJsonValue &value);
    /// One line of compact JSON (lists, queries, change feeds).
    void printLine(const QJsonValue &value);
    void printRaw(const QByteArray &bytes);
    /// JSON text as the server sent it, indented (key order and number text kept).
    void printJsonText(const QByteArray &json);
    void flush();

    /// "error: …" on stderr, with status, substatus and activity id for service errors.
    void printError(const Cosmos::CosmosError &error);
    void message(const QString &text);
    /// With --verbose: charge, items, elapsed time and activity id on stderr.
    void stats(double charge, qint64 items, qint64 elapsedMs, const QString &activityId);
    void stats(const Cosmos::CosmosResponse &response);

    static bool stderrIsTerminal();
    static QByteArray compact(const QJsonValue &value);

private:
    QFile m_stdout;
    bool m_verbose = false;
};

} // namespace Cli
