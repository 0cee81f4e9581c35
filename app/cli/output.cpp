#include "output.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

namespace Cli {

using Cosmos::CosmosError;

int exitCodeFor(const CosmosError &error)
{
    switch (error.kind) {
    case CosmosError::Kind::None: return ExitOk;
    case CosmosError::Kind::Service: return ExitService;
    case CosmosError::Kind::Connection:
    case CosmosError::Kind::Timeout:
    case CosmosError::Kind::Tls: return ExitConnection;
    case CosmosError::Kind::Damaged:
    case CosmosError::Kind::Redirected: return ExitDamaged;
    case CosmosError::Kind::InvalidInput:
    case CosmosError::Kind::Cancelled: return ExitInvalid;
    }
    return ExitInvalid;
}

Output::Output()
{
    m_stdout.open(stdout, QIODevice::WriteOnly);
}

QByteArray Output::compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: serialize inside an array and strip the brackets.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void Output::printDocument(const QJsonValue &value)
{
    if (value.isObject())
        m_stdout.write(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    else if (value.isArray())
        m_stdout.write(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    else
        m_stdout.write(compact(value) + '\n');
    m_stdout.flush();
}

bool Output::parseListFormat(const QString &name, ListFormat *format)
{
    if (name == QLatin1String("jsonl"))
        *format = ListFormat::JsonLines;
    else if (name == QLatin1String("json"))
        *format = ListFormat::Json;
    else if (name == QLatin1String("table"))
        *format = ListFormat::Table;
    else
        return false;
    return true;
}

void Output::listItem(const QByteArray &json)
{
    switch (m_listFormat) {
    case ListFormat::JsonLines:
        m_stdout.write(json + '\n');
        break;
    case ListFormat::Json:
        m_stdout.write(m_listed == 0 ? "[\n" : ",\n");
        m_stdout.write(json);
        break;
    case ListFormat::Table:
        m_table.addRow(json);
        break;
    }
    ++m_listed;
}

void Output::endList()
{
    if (m_listFormat == ListFormat::Json)
        m_stdout.write(m_listed == 0 ? "[]\n" : "\n]\n");
    else if (m_listFormat == ListFormat::Table)
        m_stdout.write(m_table.render(terminalWidth(), colourFor(STDOUT_FILENO)));
    flush();
}

void Output::printJsonText(const QByteArray &json)
{
    const QByteArray pretty = Cosmos::JsonText::pretty(json, 4);
    m_stdout.write(pretty.isEmpty() ? json : pretty);
    m_stdout.write("\n");
    m_stdout.flush();
}

void Output::printRaw(const QByteArray &bytes)
{
    m_stdout.write(bytes);
}

void Output::flush()
{
    m_stdout.flush();
}

void Output::printError(const CosmosError &error)
{
    flush();
    QString text = errorPrefix() + error.toString();
    if (error.kind != CosmosError::Kind::Damaged && !error.activityId.isEmpty())
        text += QStringLiteral(" (activity id %1)").arg(error.activityId);
    message(text);
}

void Output::message(const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    fflush(stderr);
}

void Output::stats(double charge, qint64 items, qint64 elapsedMs, const QString &activityId)
{
    if (!m_verbose)
        return;
    QString text = QStringLiteral("request charge: %1 RU").arg(charge, 0, 'f', 2);
    if (items >= 0)
        text += QStringLiteral(", items: %1").arg(items);
    text += QStringLiteral(", elapsed: %1 ms").arg(elapsedMs);
    if (!activityId.isEmpty())
        text += QStringLiteral(", activity id: %1").arg(activityId);
    message(text);
}

void Output::stats(const Cosmos::CosmosResponse &response)
{
    stats(response.requestCharge, response.itemCount, response.elapsedMs, response.activityId);
    if (m_verbose && !response.region.isEmpty())
        message(QStringLiteral("region: %1").arg(response.region));
}

QString Output::errorPrefix()
{
    return colourFor(STDERR_FILENO) ? QStringLiteral("\x1b[1;31merror:\x1b[0m ")
                                    : QStringLiteral("error: ");
}

bool Output::colourFor(int fd)
{
    return isatty(fd) == 1 && qEnvironmentVariableIsEmpty("NO_COLOR");
}

int Output::terminalWidth()
{
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    if (ok && columns > 0)
        return columns;
    winsize size{};
    if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0)
        return size.ws_col;
    return 0;
}

bool Output::stderrIsTerminal()
{
    return isatty(STDERR_FILENO) == 1;
}

} // namespace Cli
