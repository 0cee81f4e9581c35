#pragma once

#include "cosmosclient.h"
#include "itemreader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>

#include <memory>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

namespace Cosmos {

class CsvReader;

/// Streams items from a JSON array, JSON Lines (ItemReader) or CSV (CsvReader) into a
/// container with creates, keeping `concurrency` requests in flight; shared by the CLI's
/// `import` and the explorer's Import dialog. Never overwrites. Every input item ends in
/// exactly one outcome: written, already present (same content), conflict (other content),
/// failed, or not attempted (cancelled, or the account stayed unreachable). An unreachable or
/// overloaded account pauses the import and retries with backoff for twice the client's
/// request deadline. With a rejects file, every item not written goes there verbatim (JSON
/// Lines; for CSV input, CSV with the header) and its reason to FILE.reasons, line for line.
class ImportJob : public QObject
{
    Q_OBJECT
public:
    enum class InputFormat { Json, Csv }; ///< Json: a JSON array or JSON Lines, told apart
    enum class Outcome { Written, AlreadyPresent, Conflict, Failed, NotAttempted };

    struct Summary
    {
        qint64 counts[5] = {0, 0, 0, 0, 0}; ///< by Outcome
        qint64 retried = 0;                 ///< attempts repeated after a fault
        double requestCharge = 0;
        qint64 elapsedMs = 0;
        QString stoppedEarly; ///< why the rest was not attempted (cancelled, unreachable)
        QString inputError;   ///< why reading stopped early (encoding, a broken array)
        qint64 count(Outcome o) const { return counts[int(o)]; }
        qint64 total() const;
    };

    ImportJob(CosmosClient *client, const ResourcePath &container, QObject *parent = nullptr);
    ~ImportJob() override;

    void setConcurrency(int concurrency) { m_concurrency = qMax(1, concurrency); }
    void setInputFormat(InputFormat format) { m_format = format; }
    /// CSV for a name ending in .csv, else JSON.
    static InputFormat formatForPath(const QString &path);
    /// Where items not written go (empty: nowhere); opened by start().
    void setRejectsPath(const QString &path) { m_rejectsPath = path; }
    QString rejectsPath() const { return m_rejectsPath; }

    /// Starts reading `input` (open, not owned; it must outlive the job). False, with `error`,
    /// when the rejects file cannot be written.
    bool start(QIODevice *input, QString *error);
    /// Stops sending: requests in flight finish, the rest is counted as not attempted.
    void cancel();

    bool isFinished() const { return m_finished; }
    Summary summary() const;
    /// Bytes of the input read so far (buffered: ahead of the items sent).
    qint64 bytesRead() const;
    /// The input line of the last item taken from the input (for progress against the
    /// file's line count: at most `concurrency` items ahead of the settled ones).
    qint64 lineReached() const { return m_lastLine; }
    /// "line 12" or "element 3 (line 12)": where an item was in the input.
    QString where(const InputItem &item) const;

Q_SIGNALS:
    /// One item settled; `error` is set for a conflict or failure the service answered.
    void settled(Cosmos::ImportJob::Outcome outcome, const QString &where, const QString &reason,
                 const Cosmos::CosmosError &error);
    /// The container could not be read: nothing was imported; finished() follows.
    void failed(const Cosmos::CosmosError &error);
    void finished();

private:
    struct Pending
    {
        InputItem item;
        int attempt = 1;
        bool priorUnknown = false; ///< an earlier attempt's outcome is not known
    };
    bool nextItem(InputItem *item);
    void readContainer(int attempt);
    void pump();
    void send(Pending p);
    void settle(const Pending &p, Outcome outcome, const QString &reason,
                const CosmosError &error = {});
    void connectionLost(Pending p, const CosmosError &error);
    void giveUp(const QString &reason);
    void maybeFinish();

    QPointer<CosmosClient> m_client;
    ResourcePath m_container;
    QIODevice *m_input = nullptr;
    InputFormat m_format = InputFormat::Json;
    int m_concurrency = 16;
    QString m_rejectsPath;
    QFile m_rejects;
    QFile m_reasons;
    std::unique_ptr<ItemReader> m_reader;
    std::unique_ptr<CsvReader> m_csv;
    bool m_eof = false;
    bool m_paused = false;
    bool m_finished = false;
    bool m_containerFailed = false;
    qint64 m_pausedSinceMs = -1;
    qint64 m_lastLine = 0;
    int m_inFlight = 0;
    Summary m_summary;
    QElapsedTimer m_timer;
};

} // namespace Cosmos
