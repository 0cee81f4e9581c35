#include "importjob.h"

#include "csvreader.h"
#include "jsontext.h"

#include <QTimer>

namespace Cosmos {

qint64 ImportJob::Summary::total() const
{
    qint64 n = 0;
    for (qint64 c : counts)
        n += c;
    return n;
}

ImportJob::ImportJob(CosmosClient *client, const ResourcePath &container, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_container(container)
{}

ImportJob::~ImportJob() = default;

ImportJob::InputFormat ImportJob::formatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? InputFormat::Csv
                                                                       : InputFormat::Json;
}

bool ImportJob::start(QIODevice *input, QString *error)
{
    m_input = input;
    if (!m_rejectsPath.isEmpty()) {
        m_rejects.setFileName(m_rejectsPath);
        m_reasons.setFileName(m_rejectsPath + QStringLiteral(".reasons"));
        if (!m_rejects.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || !m_reasons.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            *error = QStringLiteral("Cannot write %1: %2")
                         .arg(m_rejectsPath, m_rejects.errorString());
            return false;
        }
    }
    if (m_format == InputFormat::Csv)
        m_csv = std::make_unique<CsvReader>(input);
    else
        m_reader = std::make_unique<ItemReader>(input);
    m_timer.start();
    readContainer(1);
    return true;
}

void ImportJob::cancel()
{
    if (m_finished)
        return;
    giveUp(QStringLiteral("not attempted: the import was cancelled"));
    maybeFinish();
}

ImportJob::Summary ImportJob::summary() const
{
    Summary s = m_summary;
    s.elapsedMs = m_timer.isValid() ? m_timer.elapsed() : 0;
    if (m_finished)
        s.elapsedMs = m_summary.elapsedMs;
    return s;
}

qint64 ImportJob::bytesRead() const
{
    return m_input ? m_input->pos() : 0;
}

bool ImportJob::nextItem(InputItem *item)
{
    const bool ok = m_csv ? m_csv->next(item) : m_reader->next(item);
    if (ok)
        m_lastLine = item->line;
    return ok;
}

QString ImportJob::where(const InputItem &item) const
{
    if (m_reader && m_reader->format() == ItemReader::Format::JsonArray)
        return QStringLiteral("element %1 (line %2)").arg(item.number).arg(item.line);
    return QStringLiteral("line %1").arg(item.line);
}

// The container's partition key definition, read once before the writes fan out; an
// unreachable account is waited for as during the import.
void ImportJob::readContainer(int attempt)
{
    if (!m_client)
        return;
    m_client->containerProperties(m_container, this, [this, attempt](const QJsonObject &,
                                                                     const CosmosError &error) {
        if (!m_summary.stoppedEarly.isEmpty())
            return maybeFinish(); // cancelled while the container was read
        if (!error.isError())
            return pump();
        if (error.kind != CosmosError::Kind::Connection
            && error.kind != CosmosError::Kind::Timeout) {
            m_containerFailed = true;
            m_eof = true;
            Q_EMIT failed(error);
            return maybeFinish();
        }
        const qint64 maxOutageMs = 2 * qint64(m_client->requestDeadline());
        if (m_timer.elapsed() > maxOutageMs) {
            giveUp(QStringLiteral("not attempted: the account was unreachable for %1 s (%2)")
                       .arg(maxOutageMs / 1000)
                       .arg(error.toString()));
            return maybeFinish();
        }
        ++m_summary.retried;
        QTimer::singleShot(qMin(8000, 250 << qMin(attempt - 1, 5)), this,
                           [this, attempt] { readContainer(attempt + 1); });
    });
}

void ImportJob::pump()
{
    while (!m_eof && !m_paused && m_summary.stoppedEarly.isEmpty()
           && m_inFlight < m_concurrency) {
        Pending p;
        if (!nextItem(&p.item)) {
            m_eof = true;
            break;
        }
        if (!p.item.error.isEmpty()) {
            settle(p, Outcome::Failed, p.item.error,
                   CosmosError::invalidInput(p.item.error));
            continue;
        }
        send(p);
    }
    maybeFinish();
}

void ImportJob::send(Pending p)
{
    if (!m_client)
        return;
    ++m_inFlight;
    RequestOptions options;
    options.priorAttemptUnknown = p.priorUnknown;
    m_client->writeItem(
        CosmosClient::ItemWrite::Create, m_container, p.item.text, options, this,
        [this, p](const CosmosResponse &r) {
            --m_inFlight;
            m_summary.requestCharge += r.requestCharge;
            const CosmosError &e = r.error;
            if (r.ok()) {
                m_paused = false;
                m_pausedSinceMs = -1;
                settle(p, Outcome::Written, {});
            } else if (r.existingSameContent) {
                m_paused = false;
                m_pausedSinceMs = -1;
                settle(p, Outcome::AlreadyPresent,
                       QStringLiteral("already present with the same content"));
            } else if (e.status == 409) {
                settle(p, Outcome::Conflict,
                       QStringLiteral("an item with this id already exists with other content "
                                      "(409 Conflict); not overwritten"),
                       e);
            } else if (e.kind == CosmosError::Kind::Connection
                       || e.kind == CosmosError::Kind::Timeout
                       || e.kind == CosmosError::Kind::Damaged || e.status == 429
                       || e.status == 503 || e.status == 408 || e.status == 449) {
                connectionLost(p, e);
            } else {
                settle(p, Outcome::Failed, e.toString(), e);
            }
            pump();
        });
}

// The account is unreachable or overloaded beyond the client's own retries: hold new items,
// retry this one with backoff, and give up only after twice a request's deadline without any
// success.
void ImportJob::connectionLost(Pending p, const CosmosError &error)
{
    p.priorUnknown = p.priorUnknown || error.outcomeUnknown;
    if (m_pausedSinceMs < 0)
        m_pausedSinceMs = m_timer.elapsed();
    m_paused = true;
    const qint64 maxOutageMs = 2 * qint64(m_client->requestDeadline());
    if (m_timer.elapsed() - m_pausedSinceMs > maxOutageMs || !m_summary.stoppedEarly.isEmpty()) {
        QString reason = error.toString();
        if (p.priorUnknown)
            reason += QStringLiteral(
                " (an attempt's outcome is unknown: the item may have been written)");
        settle(p, Outcome::Failed, reason, error);
        giveUp(QStringLiteral("not attempted: the account was unreachable for %1 s (%2)")
                   .arg(maxOutageMs / 1000)
                   .arg(error.toString()));
        return;
    }
    ++m_summary.retried;
    ++m_inFlight; // the retry holds its slot
    const int delay = qMin(8000, 250 << qMin(p.attempt - 1, 5));
    ++p.attempt;
    QTimer::singleShot(delay, this, [this, p] {
        --m_inFlight;
        send(p);
    });
}

void ImportJob::giveUp(const QString &reason)
{
    if (!m_summary.stoppedEarly.isEmpty() || m_finished || m_containerFailed)
        return;
    m_summary.stoppedEarly = reason;
    // Every remaining item is accounted for: read through the input.
    Pending p;
    while (nextItem(&p.item)) {
        if (p.item.error.isEmpty())
            settle(p, Outcome::NotAttempted, reason);
        else
            settle(p, Outcome::Failed, p.item.error, CosmosError::invalidInput(p.item.error));
    }
    m_eof = true;
}

void ImportJob::settle(const Pending &p, Outcome outcome, const QString &reason,
                       const CosmosError &error)
{
    ++m_summary.counts[int(outcome)];
    if (outcome == Outcome::Written)
        return;
    const QString at = where(p.item);
    if (m_rejects.isOpen()) {
        if (m_csv) {
            if (m_rejects.pos() == 0)
                m_rejects.write(m_csv->headerLine() + "\r\n");
            m_rejects.write(p.item.source + "\r\n");
        } else {
            // One item per line: a multi-line array element is written compact (order and
            // number text kept); an invalid one has its line breaks turned into spaces.
            QByteArray text = p.item.text;
            if (text.contains('\n')) {
                const QByteArray compact = JsonText::compact(text);
                text = compact.isEmpty() ? QByteArray(text).replace('\r', ' ').replace('\n', ' ')
                                         : compact;
            }
            m_rejects.write(text + '\n');
        }
        m_reasons.write((at + QStringLiteral(": ") + reason).toUtf8() + '\n');
    }
    Q_EMIT settled(outcome, at, reason, error);
}

void ImportJob::maybeFinish()
{
    if (m_finished || m_inFlight > 0 || !m_eof)
        return;
    m_finished = true;
    m_summary.inputError = m_csv ? m_csv->fatalError() : m_reader->fatalError();
    m_summary.elapsedMs = m_timer.elapsed();
    m_rejects.close();
    m_reasons.close();
    Q_EMIT finished();
}

} // namespace Cosmos
