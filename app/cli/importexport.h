#pragma once

#include <cosmosclient.h>

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace Cli {

class Application;

/// Streams items from JSON Lines (line by line) or a JSON array into a container with
/// creates, keeping `concurrency` requests in flight. Never overwrites: an existing id is a
/// 409 conflict, reported and counted.
class Importer : public QObject
{
    Q_OBJECT
public:
    Importer(Application *app, const Cosmos::ResourcePath &container, const QString &input,
             int concurrency);
    void start();

private:
    bool openInput();
    bool nextItem(QJsonObject *item, qint64 *line);
    void pump();
    void send(const QJsonObject &item, qint64 line, int attempt);
    void report(qint64 line, const QString &text, int exitCode);
    void printProgress(bool final);
    void maybeFinish();

    Application *m_app;
    Cosmos::ResourcePath m_container;
    QString m_inputPath;
    int m_concurrency;
    QFile m_input;
    bool m_arrayMode = false;
    QJsonArray m_array;
    qsizetype m_arrayIndex = 0;
    qint64 m_line = 0;
    bool m_eof = false;
    bool m_stopped = false;
    int m_inFlight = 0;
    qint64 m_written = 0;
    qint64 m_conflicts = 0;
    qint64 m_failed = 0;
    int m_reported = 0;
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
    void writePage(const QJsonArray &items);
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
