#pragma once

#include <cosmosclient.h>
#include <importjob.h>
#include <itemwriter.h>
#include <pager.h>

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace Cli {

class Application;

/// The `import` command: Cosmos::ImportJob (JSON array, JSON Lines or, for a .csv file, CSV)
/// with its progress on a terminal, the first errors and a summary on stderr, and an exit code
/// for the worst outcome. Every item not written goes to --rejects FILE verbatim and its reason
/// to FILE.reasons, line for line.
class Importer : public QObject
{
    Q_OBJECT
public:
    Importer(Application *app, const Cosmos::ResourcePath &container, const QString &input,
             int concurrency, const QString &rejectsPath);
    void start();

private:
    void onSettled(Cosmos::ImportJob::Outcome outcome, const QString &where,
                   const QString &reason, const Cosmos::CosmosError &error);
    void printProgress(bool final);
    void finish();

    Application *m_app;
    QString m_inputPath;
    QString m_rejectsPath;
    QFile m_input;
    Cosmos::ImportJob *m_job;
    qint64 m_reported = 0;
    int m_exitCode = 0;
    QTimer m_progress;
};

/// Drains a query into JSON Lines, a JSON array or CSV, one page at a time.
class Exporter : public QObject
{
    Q_OBJECT
public:
    enum class Format { JsonLines, Json, Csv };
    Exporter(Application *app, const Cosmos::ResourcePath &container, const QString &query,
             Format format, const QString &outputPath);
    void start();

private:
    void writePage(const Cosmos::FeedPage &page);
    void printProgress(bool final);
    void done();

    Application *m_app;
    Cosmos::ResourcePath m_container;
    QString m_query;
    Format m_format;
    QString m_outputPath;
    QFile m_output;
    std::unique_ptr<Cosmos::ItemWriter> m_writer;
    bool m_warnedColumns = false;
    QElapsedTimer m_timer;
    QTimer m_progress;
    Cosmos::Pager *m_pager = nullptr;
};

} // namespace Cli
