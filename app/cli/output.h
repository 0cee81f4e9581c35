#pragma once

#include "table.h"

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

/// How lists, queries and change feeds are printed (--output).
enum class ListFormat { JsonLines, Json, Table };

/// Writes results to stdout (or a file) and diagnostics to stderr. Colour only on a terminal,
/// and never when NO_COLOR is set (https://no-color.org).
class Output
{
public:
    Output();

    /// "jsonl", "json" or "table"; false for anything else.
    static bool parseListFormat(const QString &name, ListFormat *format);
    void setListFormat(ListFormat format) { m_listFormat = format; }
    /// One document of a list, as JSON text; endList() closes the array or prints the table.
    void listItem(const QByteArray &json);
    void endList();

    void setVerbose(bool verbose) { m_verbose = verbose; }
    bool verbose() const { return m_verbose; }

    /// One resource, indented JSON.
    void printDocument(const QJsonValue &value);
    void printRaw(const QByteArray &bytes);
    /// JSON text as the server sent it, indented (key order and number text kept).
    void printJsonText(const QByteArray &json);
    void flush();

    /// "error: ", in bold red when stderr is a terminal and NO_COLOR is not set.
    static QString errorPrefix();
    /// "error: …" on stderr, with status, substatus and activity id for service errors.
    void printError(const Cosmos::CosmosError &error);
    void message(const QString &text);
    /// With --verbose: charge, items, elapsed time and activity id on stderr.
    void stats(double charge, qint64 items, qint64 elapsedMs, const QString &activityId);
    void stats(const Cosmos::CosmosResponse &response);

    static bool stderrIsTerminal();
    /// True when `fd` is a terminal and NO_COLOR is unset or empty.
    static bool colourFor(int fd);
    /// The width a table gets: $COLUMNS when set, else the terminal's, else 0 (no limit).
    static int terminalWidth();
    static QByteArray compact(const QJsonValue &value);

private:
    QFile m_stdout;
    bool m_verbose = false;
    ListFormat m_listFormat = ListFormat::JsonLines;
    qint64 m_listed = 0;
    TableWriter m_table;
};

} // namespace Cli
