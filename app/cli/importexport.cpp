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
    , m_inputPath(input)
    , m_rejectsPath(rejectsPath)
    , m_job(new ImportJob(app->client(), container, this))
{
    m_job->setConcurrency(concurrency);
    m_job->setRejectsPath(rejectsPath);
    m_job->setInputFormat(ImportJob::formatForPath(input));
    m_progress.setInterval(500);
    connect(&m_progress, &QTimer::timeout, this, [this] { printProgress(false); });
    connect(m_job, &ImportJob::settled, this, &Importer::onSettled);
    connect(m_job, &ImportJob::failed, this, [this](const CosmosError &error) {
        m_progress.stop();
        m_app->fail(error);
    });
    connect(m_job, &ImportJob::finished, this, &Importer::finish);
}

void Importer::start()
{
    const bool ok = m_inputPath == QLatin1String("-")
                        ? m_input.open(stdin, QIODevice::ReadOnly)
                        : (m_input.setFileName(m_inputPath), m_input.open(QIODevice::ReadOnly));
    if (!ok) {
        return m_app->fail(CosmosError::invalidInput(
            QStringLiteral("Cannot read %1: %2").arg(m_inputPath, m_input.errorString())));
    }
    QString error;
    if (!m_job->start(&m_input, &error))
        return m_app->fail(CosmosError::invalidInput(error));
    if (Output::stderrIsTerminal())
        m_progress.start();
}

void Importer::onSettled(ImportJob::Outcome outcome, const QString &where, const QString &reason,
                         const CosmosError &error)
{
    switch (outcome) {
    case ImportJob::Outcome::Written:
    case ImportJob::Outcome::AlreadyPresent:
        return; // counted in the summary
    case ImportJob::Outcome::NotAttempted:
        m_exitCode = qMax<int>(m_exitCode, ExitConnection);
        return;
    case ImportJob::Outcome::Conflict:
        m_exitCode = qMax<int>(m_exitCode, ExitService);
        break;
    case ImportJob::Outcome::Failed:
        m_exitCode = qMax(m_exitCode, error.kind == CosmosError::Kind::InvalidInput
                                          ? int(ExitInvalid)
                                          : exitCodeFor(error));
        break;
    }
    if (++m_reported > MaxReportedErrors) {
        if (m_reported == MaxReportedErrors + 1) {
            m_app->out().message(
                !m_rejectsPath.isEmpty()
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
    const ImportJob::Summary s = m_job->summary();
    const double seconds = qMax<qint64>(s.elapsedMs, 1) / 1000.0;
    const qint64 written = s.count(ImportJob::Outcome::Written);
    QString text = QStringLiteral("%1 written, %2 already present, %3 conflicts, %4 failed")
                       .arg(written)
                       .arg(s.count(ImportJob::Outcome::AlreadyPresent))
                       .arg(s.count(ImportJob::Outcome::Conflict))
                       .arg(s.count(ImportJob::Outcome::Failed));
    if (final)
        text += QStringLiteral(", %1 not attempted").arg(s.count(ImportJob::Outcome::NotAttempted));
    text += QStringLiteral("; %1 RU, %2 items/s")
                .arg(s.requestCharge, 0, 'f', 2)
                .arg(written / seconds, 0, 'f', 0);
    if (final) {
        if (m_progress.isActive())
            fputs("\r\033[K", stderr);
        m_app->out().message(QStringLiteral("imported %1 items: ").arg(s.total()) + text
                             + QStringLiteral(" in %1 s (%2 retried after faults)")
                                   .arg(seconds, 0, 'f', 2)
                                   .arg(s.retried));
        if (!s.stoppedEarly.isEmpty())
            m_app->out().message(QStringLiteral("stopped early: ") + s.stoppedEarly);
        if (!m_rejectsPath.isEmpty() && s.total() > written)
            m_app->out().message(
                QStringLiteral("items not written are in %1 (reasons in %1.reasons)")
                    .arg(m_rejectsPath));
    } else {
        fprintf(stderr, "\r\033[Kimporting: %s", qPrintable(text));
        fflush(stderr);
    }
}

void Importer::finish()
{
    if (m_app->isFinished())
        return;
    const ImportJob::Summary s = m_job->summary();
    if (!s.inputError.isEmpty()) {
        m_app->out().message(QStringLiteral("error: %1: %2").arg(m_inputPath, s.inputError));
        m_exitCode = qMax<int>(m_exitCode, ExitInvalid);
    }
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
    m_writer = std::make_unique<ItemWriter>(
        &m_output, m_format == Format::Json ? ItemWriter::Format::JsonArray
                   : m_format == Format::Csv ? ItemWriter::Format::Csv
                                             : ItemWriter::Format::JsonLines);
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

void Exporter::writePage(const FeedPage &page)
{
    // Items as the server sent them: key order and number text kept.
    QList<QByteArray> texts = page.rawItems;
    if (texts.size() != page.items.size()) {
        texts.clear();
        for (const QJsonValue &v : page.items)
            texts << Output::compact(v);
    }
    m_writer->write(texts);
    if (!m_warnedColumns && !m_writer->extraKey().isEmpty()) {
        m_warnedColumns = true;
        m_app->out().message(QStringLiteral(
            "warning: items after the first page have properties not among the CSV columns "
            "(e.g. \"%1\"); they are left out.")
                                 .arg(QString::fromUtf8(m_writer->extraKey())));
    }
    m_output.flush();
}

void Exporter::printProgress(bool final)
{
    const double seconds = qMax<qint64>(m_timer.elapsed(), 1) / 1000.0;
    const QString text = QStringLiteral("%1 items, %2 RU, %3 items/s")
                             .arg(m_writer->count())
                             .arg(m_pager ? m_pager->totalRequestCharge() : 0.0, 0, 'f', 2)
                             .arg(m_writer->count() / seconds, 0, 'f', 0);
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
    m_writer->finish();
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
