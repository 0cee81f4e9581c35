#include "devicecodecredential.h"

#include <QDateTime>

namespace Cosmos::Entra {

static qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

DeviceCodeFlow::Step DeviceCodeFlow::failure(const QString &code, const QString &message) const
{
    Step s;
    s.action = Step::Fail;
    s.error.kind = CosmosError::Kind::Service;
    s.error.status = 400;
    s.error.code = code;
    s.error.message = message;
    return s;
}

DeviceCodeFlow::Step DeviceCodeFlow::pollOrExpire(qint64 now) const
{
    if (now + m_interval * 1000 >= m_expiresAtMs)
        return failure(QStringLiteral("expired_token"),
                       QStringLiteral("The device code expired before the sign-in was completed; "
                                      "start again."));
    Step s;
    s.action = Step::Poll;
    s.delayMs = m_interval * 1000;
    return s;
}

DeviceCodeFlow::Step DeviceCodeFlow::start(const QJsonObject &a, qint64 now)
{
    m_deviceCode = a.value(QStringLiteral("device_code")).toString();
    m_userCode = a.value(QStringLiteral("user_code")).toString();
    m_verificationUri = a.value(QStringLiteral("verification_uri")).toString();
    m_message = a.value(QStringLiteral("message")).toString();
    const int interval = a.value(QStringLiteral("interval")).toVariant().toInt();
    m_interval = interval > 0 ? interval : 5; // RFC 8628 §3.2: default 5 s
    const int expiresIn = a.value(QStringLiteral("expires_in")).toVariant().toInt();
    m_expiresAtMs = now + qint64(expiresIn > 0 ? expiresIn : 900) * 1000;
    if (m_deviceCode.isEmpty() || m_userCode.isEmpty())
        return failure(QStringLiteral("invalid_response"),
                       QStringLiteral("The sign-in service did not give a device code."));
    if (m_message.isEmpty())
        m_message = QStringLiteral("To sign in, open %1 and enter the code %2.")
                        .arg(m_verificationUri, m_userCode);
    return pollOrExpire(now);
}

DeviceCodeFlow::Step
DeviceCodeFlow::onAnswer(const QString &error, const QJsonObject &answer, qint64 now)
{
    if (error.isEmpty()) {
        Step s;
        s.action = Step::Done;
        return s;
    }
    const int told = answer.value(QStringLiteral("interval")).toVariant().toInt();
    if (error == QLatin1String("authorization_pending")) {
        if (told > 0)
            m_interval = told;
        return pollOrExpire(now);
    }
    if (error == QLatin1String("slow_down")) { // §3.5: +5 s for this and every later poll
        m_interval = told > m_interval ? told : m_interval + 5;
        return pollOrExpire(now);
    }
    if (error == QLatin1String("expired_token"))
        return failure(error,
                       QStringLiteral("The device code expired before the sign-in was "
                                      "completed; start again."));
    if (error == QLatin1String("access_denied"))
        return failure(error, QStringLiteral("The sign-in was declined."));
    QString description = answer.value(QStringLiteral("error_description")).toString();
    const int trace = description.indexOf(QStringLiteral(" Trace ID:"));
    if (trace > 0)
        description = description.left(trace);
    return failure(error, QStringLiteral("Sign-in failed (%1): %2").arg(error, description));
}

DeviceCodeCredential::DeviceCodeCredential(const CloudSettings &cloud, QObject *parent)
    : UserCredential(cloud, parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeviceCodeCredential::poll);
}

void DeviceCodeCredential::signIn(
    const QStringList &scopes, std::function<void(const QJsonObject &, const CosmosError &)> done)
{
    m_scopes = scopes;
    m_done = std::move(done);
    postForm(m_cloud.oauthUrl(QStringLiteral("devicecode")),
             {{QStringLiteral("client_id"), m_cloud.clientId},
              {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}},
             [this](const QJsonObject &answer, const CosmosError &error) {
                 if (error.isError()) {
                     DeviceCodeFlow::Step s;
                     s.error = error;
                     return handle(s);
                 }
                 const DeviceCodeFlow::Step step = m_flow.start(answer, nowMs());
                 if (step.action == DeviceCodeFlow::Step::Poll)
                     emit userCodeReady(
                         m_flow.userCode(), QUrl(m_flow.verificationUri()), m_flow.message());
                 handle(step);
             });
}

void DeviceCodeCredential::handle(const DeviceCodeFlow::Step &step)
{
    if (step.action == DeviceCodeFlow::Step::Poll) {
        m_timer.start(step.delayMs);
        return;
    }
    auto done = std::exchange(m_done, nullptr);
    if (!done)
        return;
    if (step.action == DeviceCodeFlow::Step::Done)
        done(m_answer, {});
    else
        done({}, step.error);
}

void DeviceCodeCredential::poll()
{
    postForm(m_cloud.oauthUrl(QStringLiteral("token")),
             {{QStringLiteral("grant_type"),
               QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
              {QStringLiteral("client_id"), m_cloud.clientId},
              {QStringLiteral("device_code"), m_flow.deviceCode()}},
             [this](const QJsonObject &answer, const CosmosError &error) {
                 if (!m_done)
                     return;                                    // cancelled
                 if (error.isError() && error.code.isEmpty()) { // no OAuth answer at all
                     DeviceCodeFlow::Step s;
                     s.error = error;
                     return handle(s);
                 }
                 m_answer = answer;
                 handle(m_flow.onAnswer(error.code, answer, nowMs()));
             });
}

void DeviceCodeCredential::cancel()
{
    m_timer.stop();
    DeviceCodeFlow::Step s;
    s.error.kind = CosmosError::Kind::Cancelled;
    s.error.message = QStringLiteral("Sign-in cancelled.");
    handle(s);
}

} // namespace Cosmos::Entra
