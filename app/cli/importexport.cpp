#include "importexport.h"

#include "application.h"

#include <pager.h>
#include <validation.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace Cli {

using namespace Cosmos;

constexpr int MaxReportedErrors = 20;

Importer::Importer(Application *app, const ResourcePath &container, const QString &input,
                   int concurrency)
    : QObject(app)
    , m_app(app)
    , m_container(container)
    , m_inputPath(input)
    , m_concurrency(concurrency)
{
    m_progress.setInterval(500);
    connect(&m_progress, &QTimer::timeout, this, [this] { printProgress(false); });
}

bool Importer::openInput()
{
    const bool ok = m_inputPath == QLatin1String("-")
                        ? m_input.open(stdin, QIODevice::ReadOnly)
                        : (m_input.setFileName(m_inputPath), m_input.open(QIODevice::ReadOnly));
    if (!ok) {
        m_app->fail(CosmosError::invalidInput(
            QStringLiteral("Cannot read %1: %2").arg(m_inputPath, m_input.errorString())));
        return false;
    }
    // A JSON array is read whole; anything else is JSON Lines, read line by line.
    m_arrayMode = m_input.peek(64 * 1024).trimmed().startsWith('[');
    if (!m_arrayMode)
        return true;
    const QByteArray all = m_input.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(all, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Reuse the object parser's line/column report.
        CosmosError error;
        parseJsonObject(all, &error);
        error.message = m_inputPath + QStringLiteral(": ") + error.message;
        m_app->fail(error);
        return false;
    }
    m_array = doc.array();
    return true;
}

bool Importer::nextItem(QJsonObject *item, qint64 *line)
{
    while (!m_eof) {
        if (m_arrayMode) {
            if (m_arrayIndex >= m_array.size()) {
                m_eof = true;
                m_array = QJsonArray();
                return false;
            }
            *line = ++m_arrayIndex;
            const QJsonValue v = m_array.at(*line - 1);
            if (!v.isObject()) {
                report(*line, QStringLiteral("array element is not a JSON object"), ExitInvalid);
                ++m_failed;
                continue;
            }
            *item = v.toObject();
            return true;
        }
        if (m_input.atEnd()) {
            m_eof = true;
            return false;
        }
        const QByteArray text = m_input.readLine();
        *line = ++m_line;
        if (text.trimmed().isEmpty())
            continue;
        CosmosError error;
        *item = parseJsonObject(text, &error);
        if (error.isError()) {
            report(*line, error.message, ExitInvalid);
            ++m_failed;
            continue;
        }
        return true;
    }
    return false;
}

void Importer::start()
{
    if (!openInput())
        return;
    m_timer.start();
    if (Output::stderrIsTerminal())
        m_progress.start();
    // Read the container's partition key definition once, before the writes fan out.
    m_app->client()->containerProperties(m_container, this,
                                         [this](const QJsonObject &, const CosmosError &error) {
                                             if (error.isError())
                                                 return m_app->fail(error);
                                             pump();
                                         });
}

void Importer::pump()
{
    while (!m_stopped && m_inFlight < m_concurrency) {
        QJsonObject item;
        qint64 line = 0;
        if (!nextItem(&item, &line))
            break;
        send(item, line, 1);
    }
    maybeFinish();
}

void Importer::send(const QJsonObject &item, qint64 line, int attempt)
{
    ++m_inFlight;
    m_app->client()->writeItem(
        CosmosClient::ItemWrite::Create, m_container, item, {}, this,
        [this, item, line, attempt](const CosmosResponse &r) {
            --m_inFlight;
            m_charge += r.requestCharge;
            const QString id = item.value(QStringLiteral("id")).toString();
            if (r.ok()) {
                ++m_written;
            } else if (r.error.status == 409) {
                ++m_conflicts;
                report(line,
                       attempt > 1
                           ? QStringLiteral("item \"%1\" already exists after a timed-out attempt "
                                            "(that attempt probably wrote it); not written again")
                                 .arg(id)
                           : QStringLiteral("item \"%1\" already exists (409 Conflict); not "
                                            "overwritten")
                                 .arg(id),
                       ExitService);
            } else if (r.error.kind == CosmosError::Kind::Timeout && attempt < 3) {
                // A create is safe to retry: if the first attempt landed, this one gets a 409.
                return send(item, line, attempt + 1);
            } else {
                ++m_failed;
                report(line, r.error.toString(), exitCodeFor(r.error));
                if (exitCodeFor(r.error) == ExitConnection)
                    m_stopped = true; // the account is unreachable: stop reading input
            }
            pump();
        });
}

void Importer::report(qint64 line, const QString &text, int exitCode)
{
    m_exitCode = qMax(m_exitCode, exitCode);
    if (++m_reported > MaxReportedErrors) {
        if (m_reported == MaxReportedErrors + 1)
            m_app->out().message(QStringLiteral("(further errors not shown)"));
        return;
    }
    if (m_progress.isActive())
        fputs("\r\033[K", stderr);
    m_app->out().message(QStringLiteral("%1 %2: %3")
                             .arg(m_arrayMode ? QStringLiteral("element") : QStringLiteral("line"))
                             .arg(line)
                             .arg(text));
}

void Importer::printProgress(bool final)
{
    const double seconds = qMax<qint64>(m_timer.elapsed(), 1) / 1000.0;
    const QString text = QStringLiteral("%1 written, %2 conflicts, %3 failed, %4 RU, %5 items/s")
                             .arg(m_written)
                             .arg(m_conflicts)
                             .arg(m_failed)
                             .arg(m_charge, 0, 'f', 2)
                             .arg(m_written / seconds, 0, 'f', 0);
    if (final) {
        if (m_progress.isActive())
            fputs("\r\033[K", stderr);
        m_app->out().message(QStringLiteral("imported: ") + text
                             + QStringLiteral(" in %1 s").arg(seconds, 0, 'f', 2));
    } else {
        fprintf(stderr, "\r\033[Kimporting: %s", qPrintable(text));
        fflush(stderr);
    }
}

void Importer::maybeFinish()
{
    if (m_inFlight > 0 || !(m_eof || m_stopped) || m_app->isFinished())
        return;
    printProgress(true);
    m_progress.stop();
    m_app->finish(m_exitCode);
}

// ---------------------------------------------------------------------------------------------

Exporter::Exporter(Application *app, const ResourcePath &container, const QString &query,
                   Format format, const QString &outputPath)
    : QObject(app)
    , m_app(app)
    , m_container(container)
    , m_query(query)
    , m_format(format)
    , m_outputPath(outputPath)
{
    m_progress.setInterval(500);
    connect(&m_progress, &QTimer::timeout, this, [this] { printProgress(false); });
}

void Exporter::start()
{
    const bool ok = m_outputPath.isEmpty() || m_outputPath == QLatin1String("-")
                        ? m_output.open(stdout, QIODevice::WriteOnly)
                        : (m_output.setFileName(m_outputPath),
                           m_output.open(QIODevice::WriteOnly | QIODevice::Truncate));
    if (!ok) {
        return m_app->fail(CosmosError::invalidInput(
            QStringLiteral("Cannot write %1: %2").arg(m_outputPath, m_output.errorString())));
    }
    m_timer.start();
    if (Output::stderrIsTerminal())
        m_progress.start();
    if (m_format == Format::Json)
        m_output.write("[");
    RequestOptions options;
    options.maxItemCount = 1000;
    m_pager = m_app->client()->query(m_container.feed(ResourceKind::Item), QuerySpec{m_query, {}},
                                     options, this);
    connect(m_pager, &Pager::pageReady, this, [this](const FeedPage &page) {
        writePage(page.items);
        if (m_pager->hasMore())
            m_pager->fetchNext();
    });
    connect(m_pager, &Pager::finished, this, &Exporter::done);
    connect(m_pager, &Pager::failed, this, [this](const CosmosError &e) {
        m_output.flush();
        m_progress.stop();
        m_app->fail(e);
    });
    m_pager->fetchNext();
}

static QByteArray csvField(const QJsonValue &v)
{
    QByteArray text;
    if (v.isString())
        text = v.toString().toUtf8();
    else if (v.isNull() || v.isUndefined())
        return {};
    else
        text = Output::compact(v);
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r'))
        text = '"' + text.replace("\"", "\"\"") + '"';
    return text;
}

void Exporter::writeCsvRow(const QJsonObject &item)
{
    QByteArray row;
    for (int i = 0; i < m_columns.size(); ++i) {
        if (i)
            row += ',';
        row += csvField(item.value(m_columns.at(i)));
    }
    m_output.write(row + "\r\n");
}

void Exporter::writePage(const QJsonArray &items)
{
    if (m_format == Format::Csv && m_columns.isEmpty() && !items.isEmpty()) {
        // Columns: the union of the first page's top-level keys, in order of appearance.
        for (const QJsonValue &v : items) {
            for (const QString &key : v.toObject().keys()) {
                if (!m_columns.contains(key))
                    m_columns << key;
            }
        }
        QByteArray header;
        for (const QString &c : std::as_const(m_columns))
            header += (header.isEmpty() ? QByteArray() : QByteArray(",")) + csvField(c);
        m_output.write(header + "\r\n");
    }
    for (const QJsonValue &v : items) {
        switch (m_format) {
        case Format::JsonLines: m_output.write(Output::compact(v) + '\n'); break;
        case Format::Json:
            m_output.write((m_count ? ",\n" : "\n") + Output::compact(v));
            break;
        case Format::Csv: {
            const QJsonObject o = v.toObject();
            if (!m_warnedColumns) {
                for (auto it = o.begin(); it != o.end(); ++it) {
                    if (!m_columns.contains(it.key())) {
                        m_warnedColumns = true;
                        m_app->out().message(QStringLiteral(
                            "warning: items after the first page have properties not among the "
                            "CSV columns (e.g. \"%1\"); they are left out.")
                                                 .arg(it.key()));
                        break;
                    }
                }
            }
            writeCsvRow(o);
            break;
        }
        }
        ++m_count;
    }
    m_output.flush();
}

void Exporter::printProgress(bool final)
{
    const double seconds = qMax<qint64>(m_timer.elapsed(), 1) / 1000.0;
    const QString text = QStringLiteral("%1 items, %2 RU, %3 items/s")
                             .arg(m_count)
                             .arg(m_pager ? m_pager->totalRequestCharge() : 0.0, 0, 'f', 2)
                             .arg(m_count / seconds, 0, 'f', 0);
    if (final) {
        if (m_progress.isActive())
            fputs("\r\033[K", stderr);
        m_app->out().message(QStringLiteral("exported: ") + text
                             + QStringLiteral(" in %1 s").arg(seconds, 0, 'f', 2));
    } else {
        fprintf(stderr, "\r\033[Kexporting: %s", qPrintable(text));
        fflush(stderr);
    }
}

void Exporter::done()
{
    if (m_format == Format::Json)
        m_output.write(m_count ? "\n]\n" : "]\n");
    m_output.flush();
    const bool toStdout = m_outputPath.isEmpty() || m_outputPath == QLatin1String("-");
    if (!toStdout || m_app->out().verbose() || Output::stderrIsTerminal())
        printProgress(true);
    m_progress.stop();
    m_app->finish(ExitOk);
}

// ---------------------------------------------------------------------------------------------

void Application::runImport()
{
    const QString synopsis = QStringLiteral("import DB C FILE|- [--concurrency N]");
    if (!expectArguments(4, synopsis) || !checkIds({1, 2}))
        return;
    int concurrency = 16;
    if (!m_args.intValue(QStringLiteral("concurrency"), 1, 256, &concurrency))
        return usageError(m_args.error());
    auto importer = new Importer(this, ResourcePath::container(m_args.positional(1),
                                                               m_args.positional(2)),
                                 m_args.positional(3), concurrency);
    importer->start();
}

void Application::runExport()
{
    const QString synopsis = QStringLiteral(
        "export DB C [--query SQL] [--format jsonl|json|csv] [--output FILE]");
    if (!expectArguments(3, synopsis) || !checkIds({1, 2}))
        return;
    const QString format = m_args.value(QStringLiteral("format"), QStringLiteral("jsonl")).toLower();
    Exporter::Format f = Exporter::Format::JsonLines;
    if (format == QLatin1String("json"))
        f = Exporter::Format::Json;
    else if (format == QLatin1String("csv"))
        f = Exporter::Format::Csv;
    else if (format != QLatin1String("jsonl"))
        return usageError(QStringLiteral("--format is jsonl, json or csv."));
    auto exporter = new Exporter(this,
                                 ResourcePath::container(m_args.positional(1), m_args.positional(2)),
                                 m_args.value(QStringLiteral("query"), QStringLiteral("SELECT * FROM c")),
                                 f, m_args.value(QStringLiteral("output")));
    exporter->start();
}

} // namespace Cli
