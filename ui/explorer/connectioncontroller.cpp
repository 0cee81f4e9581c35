#include "connectioncontroller.h"

#include "accountsession.h"
#include "accounttreemodel.h"
#include "browseropener.h"
#include "connectiondialog.h"
#include "entrasigninpage.h"
#include "keychaintokenstore.h"
#include "messagebar.h"
#include "secretstore.h"

#include <browsercredential.h>
#include <clientsecretcredential.h>
#include <cosmosclient.h>
#include <devicecodecredential.h>

#include <memory>

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
    , m_tokenStore(new KeychainTokenStore(secrets, this))
    , m_model(model)
    , m_bar(bar)
    , m_dialogParent(dialogParent)
{
}

ConnectionDialog *ConnectionController::newConnection()
{
    auto dialog = new ConnectionDialog(m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRefreshTokenStore(m_tokenStore);
    ask(dialog);
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
    AccountSession *session = openConnection(saved.name, info);
    if (!dialog->remember())
        return;
    session->setProperty(SavedIdProperty, saved.id);
    m_settings->saveConnection(saved);
    Q_EMIT savedConnectionsChanged();
    if (saved.kind == SavedConnection::Kind::Emulator)
        return;
    if (saved.kind == SavedConnection::Kind::Entra && dialog->secret().isEmpty()) {
        m_secrets->remove(saved.id); // no service principal secret (any more)
        return;
    }
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
        openConnection(connection.name, info)->setProperty(SavedIdProperty, connection.id);
        return;
    }
    if (connection.kind == SavedConnection::Kind::Entra) {
        openSavedEntra(connection);
        return;
    }
    m_secrets->read(connection.id, this, [this, connection](const QString &secret, bool found) {
        auto dialog = new ConnectionDialog(m_dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setRefreshTokenStore(m_tokenStore);
        dialog->setConnection(connection, secret);
        if (found) {
            CosmosError error;
            const ConnectionInfo info = dialog->connectionInfo(&error);
            if (!error.isError()) {
                delete dialog;
                openConnection(connection.name, info)->setProperty(SavedIdProperty, connection.id);
                return;
            }
        }
        // No stored secret (no keychain, or first run after a memory-only session): ask.
        m_bar->showMessage(MessageBar::Type::Information,
                           tr("The key of \"%1\" is not in the keychain: enter it to connect.")
                               .arg(connection.name));
        ask(dialog);
    });
}

void ConnectionController::ask(ConnectionDialog *dialog)
{
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { onDialogAccepted(dialog); });
    connect(dialog, &QObject::destroyed, this, [this, dialog] {
        if (m_dialog == dialog)
            m_dialog = nullptr;
    });
    dialog->open();
}

void ConnectionController::forget(const QString &id)
{
    m_settings->removeConnection(id);
    m_secrets->remove(id);
    m_tokenStore->remove(KeychainTokenStore::keyFor(id));
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
    if (info.usesEntra())
        watchCredential(session);
    Q_EMIT sessionOpened(session);
    return session;
}

void ConnectionController::openSavedEntra(const SavedConnection &connection)
{
    // A service principal's secret is read from the keychain, and asked for when it is not
    // there (signed out, or no keychain last time), unless it comes from the environment.
    if (connection.entraMethod == QLatin1String("serviceprincipal")
        && !connection.entraSecretFromEnvironment) {
        m_secrets->read(connection.id, this, [this, connection](const QString &secret, bool found) {
            if (found && !secret.isEmpty()) {
                openEntra(connection, makeCredential(connection, secret));
                return;
            }
            auto dialog = new ConnectionDialog(m_dialogParent);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->setRefreshTokenStore(m_tokenStore);
            dialog->setConnection(connection, QString());
            m_bar->showMessage(MessageBar::Type::Information,
                               tr("The client secret of \"%1\" is not in the keychain: enter it "
                                  "to connect.")
                                   .arg(connection.name));
            ask(dialog);
        });
        return;
    }
    if (connection.entraSecretFromEnvironment
        && qEnvironmentVariableIsEmpty("AZURE_CLIENT_SECRET")) {
        m_bar->showError(CosmosError::invalidInput(
                             tr("\"%1\" uses AZURE_CLIENT_SECRET, which is not set in this "
                                "program's environment.")
                                 .arg(connection.name)),
                         tr("Connecting to %1").arg(connection.name));
        return;
    }
    // The refresh token is read from the keychain on the first request: a silent sign-in, or
    // the browser / device code again when there is none.
    std::shared_ptr<Entra::TokenCredential> credential = makeCredential(connection, QString());
    if (auto user = qobject_cast<Entra::UserCredential *>(credential.get()))
        user->setRefreshTokenStore(m_tokenStore, KeychainTokenStore::keyFor(connection.id));
    openEntra(connection, credential);
}

void ConnectionController::openEntra(const SavedConnection &connection,
                                     const std::shared_ptr<Entra::TokenCredential> &credential)
{
    CosmosError error;
    ConnectionInfo info
        = ConnectionInfo::fromEndpointAndCredential(connection.endpoint, credential, &error);
    if (error.isError()) {
        m_bar->showError(error, tr("Connecting to %1").arg(connection.name));
        return;
    }
    info.caCertificateFile = connection.caFile;
    info.allowUntrustedLocalhost = connection.allowUntrustedLocalhost;
    info.armAccountId = connection.armAccountId;
    info.preferredRegions = connection.preferredRegions;
    info.consistencyLevel = connection.consistency;
    openConnection(connection.name, info)->setProperty(SavedIdProperty, connection.id);
}

void ConnectionController::watchCredential(AccountSession *session)
{
    Entra::TokenCredential *credential = session->client()->connection().credential.get();
    const int accountId = session->accountId();
    const auto showIdentity = [this, accountId, credential] {
        if (credential->username().isEmpty())
            return;
        // The tooltip is never elided: the tenant (and the full name) are read there.
        m_model->setAccountDetail(
            accountId,
            tr("%1, %2").arg(credential->username(), credential->kindName()),
            tr("%1 (%2)\nTenant %3")
                .arg(credential->username(), credential->kindName(), credential->tenantId()));
    };
    showIdentity();
    const QString name = session->name();
    // The "sign in again" prompt goes once the sign-in it asked for has completed.
    auto prompt = std::make_shared<QString>();
    connect(credential, &Entra::TokenCredential::tokenObtained, session, [this, prompt, showIdentity] {
        showIdentity();
        if (!prompt->isEmpty() && m_bar->isVisible() && m_bar->text() == *prompt)
            m_bar->dismiss();
        prompt->clear();
    });
    const auto ask = [this, prompt](const QString &text) {
        *prompt = text;
        m_bar->showMessage(MessageBar::Type::Information, text);
    };
    if (auto browser = qobject_cast<Entra::InteractiveBrowserCredential *>(credential)) {
        connect(browser, &Entra::InteractiveBrowserCredential::authorizeUrlReady, session,
                [this, name, ask](const QUrl &url) {
                    openInBrowser(url);
                    ask(tr("Sign in to \"%1\" in the browser to continue; open tabs wait for it.")
                            .arg(name));
                });
    } else if (auto device = qobject_cast<Entra::DeviceCodeCredential *>(credential)) {
        connect(device, &Entra::DeviceCodeCredential::userCodeReady, session,
                [name, ask](const QString &code, const QUrl &uri, const QString &) {
                    ask(tr("Sign in to \"%1\": open %2 and enter the code %3 to continue; "
                           "open tabs wait for it.")
                            .arg(name, uri.toString(), code));
                });
    }
}

void ConnectionController::signOut(int accountId)
{
    AccountSession *s = session(accountId);
    if (!s || !s->client()->connection().usesEntra())
        return;
    Entra::TokenCredential *credential = s->client()->connection().credential.get();
    credential->signOut();
    const QString savedId = s->property(SavedIdProperty).toString();
    if (qobject_cast<Entra::ClientSecretCredential *>(credential) && !savedId.isEmpty())
        m_secrets->remove(savedId); // the service principal's secret
    closeAccount(accountId);
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
