#include "secretstore.h"

#include <qt6keychain/keychain.h>

#include <QPointer>

namespace Cosmoscope {

static const char ServiceName[] = "Cosmoscope";

// Jobs have no parent: QtKeychain's libsecret backend cannot cancel a call in flight, and
// calls back into its job when the Secret Service answers, so a job deleted with this store
// would be used after deletion. Each job deletes itself once finished; the connections below
// use this store as their context, so a late answer after the store is gone goes nowhere.

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
    , m_keychainEnabled(qEnvironmentVariableIntValue("COSMOSCOPE_NO_KEYCHAIN") == 0)
{
}

void SecretStore::write(const QString &key,
                        const QString &secret,
                        QObject *context,
                        WriteCallback callback)
{
    m_memory.insert(key, secret);
    QPointer<QObject> guard(context);
    if (!m_keychainEnabled) {
        QMetaObject::invokeMethod(
            this,
            [guard, callback] {
                if (guard)
                    callback(false,
                             tr("No keychain is in use: the secret is kept in memory "
                                "for this session only and will be asked again next time."));
            },
            Qt::QueuedConnection);
        return;
    }
    auto job = new QKeychain::WritePasswordJob(QLatin1String(ServiceName));
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [guard, callback](QKeychain::Job *j) {
        if (!guard)
            return;
        if (j->error() == QKeychain::NoError) {
            callback(true, {});
            return;
        }
        callback(false,
                 tr("The system keychain is not available (%1): the secret is kept in "
                    "memory for this session only and will be asked again next time.")
                     .arg(j->errorString()));
    });
    job->start();
}

void SecretStore::read(const QString &key, QObject *context, ReadCallback callback)
{
    QPointer<QObject> guard(context);
    if (m_memory.contains(key) || !m_keychainEnabled) {
        const QString secret = m_memory.value(key);
        const bool found = m_memory.contains(key);
        QMetaObject::invokeMethod(
            this,
            [guard, callback, secret, found] {
                if (guard)
                    callback(secret, found);
            },
            Qt::QueuedConnection);
        return;
    }
    auto job = new QKeychain::ReadPasswordJob(QLatin1String(ServiceName));
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, guard, callback, key](QKeychain::Job *j) {
        if (!guard)
            return;
        auto read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (read->error() != QKeychain::NoError) {
            callback({}, false);
            return;
        }
        m_memory.insert(key, read->textData());
        callback(read->textData(), true);
    });
    job->start();
}

void SecretStore::remove(const QString &key)
{
    m_memory.remove(key);
    if (!m_keychainEnabled)
        return;
    auto job = new QKeychain::DeletePasswordJob(QLatin1String(ServiceName));
    job->setAutoDelete(true);
    job->setKey(key);
    job->start();
}

} // namespace Cosmoscope
