#include "connectioncontroller.h"

#include "accountsession.h"
#include "accounttreemodel.h"
#include "connectiondialog.h"
#include "messagebar.h"
#include "secretstore.h"

#include <cosmosclient.h>

namespace Cosmoscope {

using namespace Cosmos;

ConnectionController::ConnectionController(Settings *settings,
                                           SecretStore *secrets,
                                           AccountTreeModel *model,
                                           MessageBar *bar,
                                           QWidget *dialogParent)
    : QObject(dialogParent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_model(model)
    , m_bar(bar)
    , m_dialogParent(dialogParent)
{
}

ConnectionDialog *ConnectionController::newConnection()
{
    auto dialog = new ConnectionDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { onDialogAccepted(dialog); });
    connect(dialog, &QObject::destroyed, this, [this, dialog] {
        if (m_dialog == dialog)
            m_dialog = nullptr;
    });
    dialog->open();
    return dialog;
}

void ConnectionController::onDialogAccepted(ConnectionDialog *dialog)
{
    CosmosError error;
    const ConnectionInfo info = dialog->connectionInfo(&error);
    if (error.isError()) {
        m_bar->showError(error, tr("Connecting"));
        return;
    }
    const SavedConnection saved = dialog->savedConnection();
    openConnection(saved.name, info);
    if (!dialog->remember())
        return;
    m_settings->saveConnection(saved);
    Q_EMIT savedConnectionsChanged();
    if (saved.kind == SavedConnection::Kind::Emulator)
        return;
    m_secrets->write(
        saved.id, dialog->secret(), this, [this](bool persisted, const QString &message) {
            if (!persisted)
                m_bar->showMessage(MessageBar::Type::Warning, message);
        });
}

void ConnectionController::openSaved(const SavedConnection &connection)
{
    if (connection.kind == SavedConnection::Kind::Emulator) {
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
            connection.endpoint, ConnectionInfo::emulatorKey(), &error);
        info.caCertificateFile = connection.caFile;
        info.allowUntrustedLocalhost = connection.allowUntrustedLocalhost;
        info.preferredRegions = connection.preferredRegions;
        info.consistencyLevel = connection.consistency;
        openConnection(connection.name, info);
        return;
    }
    m_secrets->read(connection.id, this, [this, connection](const QString &secret, bool found) {
        auto dialog = new ConnectionDialog(m_dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setConnection(connection, secret);
        if (found) {
            CosmosError error;
            const ConnectionInfo info = dialog->connectionInfo(&error);
            if (!error.isError()) {
                delete dialog;
                openConnection(connection.name, info);
                return;
            }
        }
        // No stored secret (no keychain, or first run after a memory-only session): ask.
        m_bar->showMessage(MessageBar::Type::Information,
                           tr("The key of \"%1\" is not in the keychain: enter it to connect.")
                               .arg(connection.name));
        m_dialog = dialog;
        connect(dialog, &QDialog::accepted, this, [this, dialog] { onDialogAccepted(dialog); });
        dialog->open();
    });
}

void ConnectionController::forget(const QString &id)
{
    m_settings->removeConnection(id);
    m_secrets->remove(id);
    Q_EMIT savedConnectionsChanged();
}

AccountSession *ConnectionController::openConnection(const QString &name,
                                                     const ConnectionInfo &info)
{
    auto session = new AccountSession(name, info, this);
    if (session->client()->setupError().isError())
        m_bar->showError(session->client()->setupError(), tr("Connecting to %1").arg(name));
    session->setAccountId(m_model->addAccount(name, session->backend()));
    m_sessions.append(session);
    Q_EMIT sessionOpened(session);
    return session;
}

void ConnectionController::closeAccount(int accountId)
{
    AccountSession *s = session(accountId);
    if (!s || (m_closeGuard && !m_closeGuard(s)))
        return;
    Q_EMIT sessionClosing(s);
    m_model->removeAccount(accountId);
    m_sessions.removeAll(s);
    s->deleteLater();
}

AccountSession *ConnectionController::session(int accountId) const
{
    for (AccountSession *s : m_sessions) {
        if (s->accountId() == accountId)
            return s;
    }
    return nullptr;
}

} // namespace Cosmoscope
