#pragma once

#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

/// Starts tests/hostile/server.js (HTTPS with the test CA): one listener per misbehaviour,
/// named as in tests/hostile/README.md, plus a trap listener that counts what reaches it.
class HostileProcess
{
public:
    ~HostileProcess();
    bool start();
    void stop();
    QUrl url(const QString &caseName) const { return m_urls.value(caseName); }
    /// Connections and requests that reached the trap listeners so far; -1 on failure.
    int trapConnections() const;
    int trapRequests() const;
    QString errorString() const { return m_error; }

private:
    QJsonObject trapHits() const;

    QProcess m_process;
    QHash<QString, QUrl> m_urls;
    QString m_error;
};
