#pragma once

#include "usercredential.h"

#include <QTimer>

namespace Cosmos::Entra {

/// RFC 8628's polling rules, without I/O: what to do after each answer of the token endpoint.
class DeviceCodeFlow
{
public:
    struct Step
    {
        enum Action { Poll, Done, Fail } action = Fail;
        int delayMs = 0;   ///< before the next poll (Poll)
        CosmosError error; ///< why it ended (Fail)
    };

    /// The device authorization answer: device_code, user_code, verification_uri, expires_in,
    /// interval (default 5 s), message. Returns the first Poll, or Fail for a broken answer.
    Step start(const QJsonObject &deviceAuthorization, qint64 nowMs);
    /// After a token-endpoint answer: `error` is the OAuth error code ("" on success), `answer`
    /// the JSON (an `interval` in it is obeyed).
    Step onAnswer(const QString &error, const QJsonObject &answer, qint64 nowMs);

    int intervalSeconds() const { return m_interval; }
    QString deviceCode() const { return m_deviceCode; }
    QString userCode() const { return m_userCode; }
    QString verificationUri() const { return m_verificationUri; }
    QString message() const { return m_message; }

private:
    Step failure(const QString &code, const QString &message) const;
    Step pollOrExpire(qint64 nowMs) const;

    QString m_deviceCode;
    QString m_userCode;
    QString m_verificationUri;
    QString m_message;
    int m_interval = 5;
    qint64 m_expiresAtMs = 0;
};

/// Device code sign-in (RFC 8628): for SSH sessions and the CLI. userCodeReady() carries what
/// to show the user; polling follows the interval, slow_down and expiry.
class DeviceCodeCredential : public UserCredential
{
    Q_OBJECT
public:
    explicit DeviceCodeCredential(const CloudSettings &cloud, QObject *parent = nullptr);
    QString kindName() const override { return QStringLiteral("device code"); }
    /// Stops a sign-in in progress (it fails with Cancelled).
    void cancel();

Q_SIGNALS:
    void
    userCodeReady(const QString &userCode, const QUrl &verificationUri, const QString &message);

protected:
    void signIn(const QStringList &scopes,
                std::function<void(const QJsonObject &, const CosmosError &)> done) override;

private:
    void poll();
    void handle(const DeviceCodeFlow::Step &step);

    DeviceCodeFlow m_flow;
    QTimer m_timer;
    QStringList m_scopes;
    std::function<void(const QJsonObject &, const CosmosError &)> m_done;
    QJsonObject m_answer;
};

} // namespace Cosmos::Entra
