#pragma once

#include <cosmosclient.h>
#include <itemreader.h>
#include <pager.h>

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace Cli {

class Application;

/// Streams items from JSON Lines or a JSON array (Cosmos::ItemReader) into a container with
/// creates, keeping `concurrency` requests in flight. Never overwrites. Every input item ends
/// in exactly one count: written, already present (same content), conflict (other content),
/// failed, or not attempted; with --rejects every item not written goes to that file verbatim
/// (JSON Lines) and its reason to FILE.reasons, line for line.
class Importer : public QObject
{
    Q_OBJECT
public:
    Importer(Application *app, const Cosmos::ResourcePath &container, const QString &input,
             int concurrency, const QString &rejectsPath);
    void start();

private:
    enum class Outcome { Written, AlreadyPresent, Conflict, Failed, NotAttempted };
    struct Pending
    {
        Cosmos::InputItem item;
        int attempt = 1;
        bool priorUnknown = false; ///< an earlier attempt's outcome is not known
    };
    bool openInput();
    void readContainer(int attempt);
    void pump();
    void send(Pending p);
    void settle(const Pending &p, Outcome outcome, const QString &reason, int exitCode);
    void connectionLost(Pending p, const Cosmos::CosmosError &error);
    void giveUp(const QString &reason);
    void printProgress(bool final);
    void maybeFinish();

    Application *m_app;
    Cosmos::ResourcePath m_container;
    QString m_inputPath;
    QString m_rejectsPath;
    int m_concurrency;
    QFile m_input;
    QFile m_rejects;
    QFile m_reasons;
    std::unique_ptr<Cosmos::ItemReader> m_reader;
    bool m_eof = false;
    bool m_paused = false;   ///< waiting for the connection to come back
    QString m_gaveUp;        ///< why the rest was not attempted
    qint64 m_pausedSinceMs = -1;
    int m_inFlight = 0;
    qint64 m_counts[5] = {0, 0, 0, 0, 0};
    qint64 m_retried = 0;
    qint64 m_reported = 0;
    double m_charge = 0;
    int m_exitCode = 0;
    QElapsedTimer m_timer;
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
    void writeCsvRow(const QJsonObject &item);
    void printProgress(bool final);
    void done();

    Application *m_app;
    Cosmos::ResourcePath m_container;
    QString m_query;
    Format m_format;
    QString m_outputPath;
    QFile m_output;
    QStringList m_columns;
    bool m_warnedColumns = false;
    qint64 m_count = 0;
    QElapsedTimer m_timer;
    QTimer m_progress;
    Cosmos::Pager *m_pager = nullptr;
};

} // namespace Cli
