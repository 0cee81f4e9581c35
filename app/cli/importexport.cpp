#include "importexport.h"

#include "application.h"

#include <jsontext.h>
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
                   int concurrency, const QString &rejectsPath)
    : QObject(app)
    , m_app(app)
    , m_container(container)
    , m_inputPath(input)
    , m_rejectsPath(rejectsPath)
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
    if (!m_rejectsPath.isEmpty()) {
        m_rejects.setFileName(m_rejectsPath);
        m_reasons.setFileName(m_rejectsPath + QStringLiteral(".reasons"));
        if (!m_rejects.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || !m_reasons.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_app->fail(CosmosError::invalidInput(
                QStringLiteral("Cannot write %1: %2").arg(m_rejectsPath, m_rejects.errorString())));
            return false;
        }
    }
    m_reader = std::make_unique<ItemReader>(&m_input);
    return true;
}

void Importer::start()
{
    if (!openInput())
        return;
    m_timer.start();
    if (Output::stderrIsTerminal())
        m_progress.start();
    readContainer(1);
}

// The container's partition key definition, read once before the writes fan out; an
// unreachable account is waited for as during the import.
void Importer::readContainer(int attempt)
{
    m_app->client()->containerProperties(m_container, this, [this, attempt](const QJsonObject &,
                                                                            const CosmosError &error) {
        if (!error.isError())
            return pump();
        if (error.kind != CosmosError::Kind::Connection && error.kind != CosmosError::Kind::Timeout)
            return m_app->fail(error);
        const qint64 maxOutageMs = 2 * qint64(m_app->client()->requestDeadline());
        if (m_timer.elapsed() > maxOutageMs) {
            giveUp(QStringLiteral("not attempted: the account was unreachable for %1 s (%2)")
                       .arg(maxOutageMs / 1000)
                       .arg(error.toString()));
            return maybeFinish();
        }
        ++m_retried;
        QTimer::singleShot(qMin(8000, 250 << qMin(attempt - 1, 5)), this,
                           [this, attempt] { readContainer(attempt + 1); });
    });
}

void Importer::pump()
{
    while (!m_eof && !m_paused && m_gaveUp.isEmpty() && m_inFlight < m_concurrency) {
        Pending p;
        if (!m_reader->next(&p.item)) {
            m_eof = true;
            break;
        }
        if (!p.item.error.isEmpty()) {
            settle(p, Outcome::Failed, p.item.error, ExitInvalid);
            continue;
        }
        send(p);
    }
    maybeFinish();
}

void Importer::send(Pending p)
{
    ++m_inFlight;
    RequestOptions options;
    options.priorAttemptUnknown = p.priorUnknown;
    m_app->client()->writeItem(
        CosmosClient::ItemWrite::Create, m_container, p.item.text, options, this,
        [this, p](const CosmosResponse &r) {
            --m_inFlight;
            m_charge += r.requestCharge;
            const CosmosError &e = r.error;
            if (r.ok()) {
                m_paused = false;
                m_pausedSinceMs = -1;
                settle(p, Outcome::Written, {}, ExitOk);
            } else if (r.existingSameContent) {
                m_paused = false;
                m_pausedSinceMs = -1;
                settle(p, Outcome::AlreadyPresent,
                       QStringLiteral("already present with the same content"), ExitOk);
            } else if (e.status == 409) {
                settle(p, Outcome::Conflict,
                       QStringLiteral("an item with this id already exists with other content "
                                      "(409 Conflict); not overwritten"),
                       ExitService);
            } else if (e.kind == CosmosError::Kind::Connection
                       || e.kind == CosmosError::Kind::Timeout
                       || e.kind == CosmosError::Kind::Damaged || e.status == 429
                       || e.status == 503 || e.status == 408 || e.status == 449) {
                connectionLost(p, e);
            } else {
                settle(p, Outcome::Failed, e.toString(), exitCodeFor(e));
            }
            pump();
        });
}

// The account is unreachable or overloaded beyond the client's own retries: hold new items,
// retry this one with backoff, and give up only after MaxOutageMs without any success.
void Importer::connectionLost(Pending p, const CosmosError &error)
{
    p.priorUnknown = p.priorUnknown || error.outcomeUnknown;
    if (m_pausedSinceMs < 0)
        m_pausedSinceMs = m_timer.elapsed();
    m_paused = true;
    // How long an import waits for a lost connection: twice one request's deadline.
    const qint64 maxOutageMs = 2 * qint64(m_app->client()->requestDeadline());
    if (m_timer.elapsed() - m_pausedSinceMs > maxOutageMs) {
        QString reason = error.toString();
        if (p.priorUnknown)
            reason += QStringLiteral(" (an attempt's outcome is unknown: the item may have been written)");
        settle(p, Outcome::Failed, reason, exitCodeFor(error));
        giveUp(QStringLiteral("not attempted: the account was unreachable for %1 s (%2)")
                   .arg(maxOutageMs / 1000)
                   .arg(error.toString()));
        return;
    }
    ++m_retried;
    ++m_inFlight; // the retry holds its slot
    const int delay = qMin(8000, 250 << qMin(p.attempt - 1, 5));
    ++p.attempt;
    QTimer::singleShot(delay, this, [this, p] {
        --m_inFlight;
        send(p);
    });
}

void Importer::giveUp(const QString &reason)
{
    if (!m_gaveUp.isEmpty())
        return;
    m_gaveUp = reason;
    // Every remaining item is accounted for: read through the input.
    Pending p;
    while (m_reader->next(&p.item)) {
        if (p.item.error.isEmpty())
            settle(p, Outcome::NotAttempted, reason, ExitConnection);
        else
            settle(p, Outcome::Failed, p.item.error, ExitInvalid);
    }
    m_eof = true;
}

void Importer::settle(const Pending &p, Outcome outcome, const QString &reason, int exitCode)
{
    ++m_counts[int(outcome)];
    m_exitCode = qMax(m_exitCode, exitCode);
    if (outcome == Outcome::Written)
        return;
    const QString where = m_reader->format() == ItemReader::Format::JsonArray
                              ? QStringLiteral("element %1 (line %2)").arg(p.item.number).arg(p.item.line)
                              : QStringLiteral("line %1").arg(p.item.line);
    if (m_rejects.isOpen()) {
        // One item per line: a multi-line array element is written compact (order and number
        // text kept); an invalid one has its line breaks turned into spaces.
        QByteArray text = p.item.text;
        if (text.contains('\n')) {
            const QByteArray compact = JsonText::compact(text);
            text = compact.isEmpty() ? QByteArray(text).replace('\r', ' ').replace('\n', ' ') : compact;
        }
        m_rejects.write(text + '\n');
        m_reasons.write((where + QStringLiteral(": ") + reason).toUtf8() + '\n');
    }
    if (outcome == Outcome::AlreadyPresent || outcome == Outcome::NotAttempted)
        return; // counted in the summary
    if (++m_reported > MaxReportedErrors) {
        if (m_reported == MaxReportedErrors + 1) {
            m_app->out().message(m_rejects.isOpen()
                                     ? QStringLiteral("(further errors only in %1.reasons)").arg(m_rejectsPath)
                                     : QStringLiteral("(further errors not shown; --rejects FILE keeps them all)"));
        }
        return;
    }
    if (m_progress.isActive())
        fputs("\r\033[K", stderr);
    m_app->out().message(where + QStringLiteral(": ") + reason);
}

void Importer::printProgress(bool final)
{
    const double seconds = qMax<qint64>(m_timer.elapsed(), 1) / 1000.0;
    const qint64 written = m_counts[int(Outcome::Written)];
    QString text = QStringLiteral("%1 written, %2 already present, %3 conflicts, %4 failed")
                       .arg(written)
                       .arg(m_counts[int(Outcome::AlreadyPresent)])
                       .arg(m_counts[int(Outcome::Conflict)])
                       .arg(m_counts[int(Outcome::Failed)]);
    if (final)
        text += QStringLiteral(", %1 not attempted").arg(m_counts[int(Outcome::NotAttempted)]);
    text += QStringLiteral("; %1 RU, %2 items/s").arg(m_charge, 0, 'f', 2).arg(written / seconds, 0, 'f', 0);
    if (final) {
        if (m_progress.isActive())
            fputs("\r\033[K", stderr);
        qint64 total = 0;
        for (qint64 c : m_counts)
            total += c;
        m_app->out().message(QStringLiteral("imported %1 items: ").arg(total) + text
                             + QStringLiteral(" in %1 s (%2 retried after faults)")
                                   .arg(seconds, 0, 'f', 2)
                                   .arg(m_retried));
        if (!m_gaveUp.isEmpty())
            m_app->out().message(QStringLiteral("stopped early: ") + m_gaveUp);
        if (m_rejects.isOpen() && total > written)
            m_app->out().message(QStringLiteral("items not written are in %1 (reasons in %1.reasons)")
                                     .arg(m_rejectsPath));
    } else {
        fprintf(stderr, "\r\033[Kimporting: %s", qPrintable(text));
        fflush(stderr);
    }
}

void Importer::maybeFinish()
{
    if (m_inFlight > 0 || !m_eof || m_app->isFinished())
        return;
    if (!m_reader->fatalError().isEmpty()) {
        m_app->out().message(QStringLiteral("error: %1: %2").arg(m_inputPath, m_reader->fatalError()));
        m_exitCode = qMax<int>(m_exitCode, ExitInvalid);
    }
    m_rejects.close();
    m_reasons.close();
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
        writePage(page);
        if (m_pager->hasMore())
            m_pager->fetchNext();
    });
    connect(m_pager, &Pager::finished, this, &Exporter::done);
    m_pager->setPrefetch(true); // the next page travels while this one is written
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

void Exporter::writePage(const FeedPage &page)
{
    const QJsonArray &items = page.items;
    // Items as the server sent them: key order and number text kept.
    const auto text = [&page, &items](qsizetype i) {
        return page.rawItems.size() == items.size() ? page.rawItems.at(i)
                                                    : Output::compact(items.at(i));
    };
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
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue &v = items.at(i);
        switch (m_format) {
        case Format::JsonLines: m_output.write(text(i) + '\n'); break;
        case Format::Json:
            m_output.write((m_count ? ",\n" : "\n") + text(i));
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
    const QString synopsis = QStringLiteral("import DB C FILE|- [--concurrency N] [--rejects FILE]");
    if (!expectArguments(4, synopsis) || !checkIds({1, 2}))
        return;
    int concurrency = 16;
    if (!m_args.intValue(QStringLiteral("concurrency"), 1, 256, &concurrency))
        return usageError(m_args.error());
    m_client->setConnectionLimit(concurrency); // one connection per request in flight
    auto importer = new Importer(this, ResourcePath::container(m_args.positional(1),
                                                               m_args.positional(2)),
                                 m_args.positional(3), concurrency,
                                 m_args.value(QStringLiteral("rejects")));
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
