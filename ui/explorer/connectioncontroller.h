#pragma once

#include "settings.h"

#include <connectioninfo.h>

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace Cosmos::Entra {
class TokenCredential;
}

namespace Cosmoscope {

class AccountSession;
class KeychainTokenStore;
class AccountTreeModel;
class ConnectionDialog;
class MessageBar;
class SecretStore;

/// Opens and closes accounts (several at once), remembers connections in Settings and their
/// secrets in the SecretStore (keychain, or memory for this run with a message).
class ConnectionController : public QObject
{
    Q_OBJECT
public:
    ConnectionController(Settings *settings,
                         SecretStore *secrets,
                         AccountTreeModel *model,
                         MessageBar *bar,
                         QWidget *dialogParent);

    /// Shows the connection dialog; connects on OK. Returns the dialog (non-blocking).
    ConnectionDialog *newConnection();
    /// Reads the secret from the keychain and connects, or asks for it.
    void openSaved(const SavedConnection &connection);
    void forget(const QString &id);
    /// Opens an account with the given connection (no dialog, nothing saved).
    AccountSession *openConnection(const QString &name, const Cosmos::ConnectionInfo &info);
    void closeAccount(int accountId);
    /// Entra accounts: forgets the tokens, removes the refresh token (or a service principal's
    /// secret) from the keychain and closes the account.
    void signOut(int accountId);
    /// Asked before an account closes; returning false keeps it open (unsaved edits …).
    void setCloseGuard(std::function<bool(AccountSession *)> guard)
    {
        m_closeGuard = std::move(guard);
    }

    AccountSession *session(int accountId) const;
    /// The property of an AccountSession naming the saved connection it was opened from.
    static constexpr const char *SavedIdProperty = "savedConnectionId";
    QList<AccountSession *> sessions() const { return m_sessions; }
    QList<SavedConnection> savedConnections() const { return m_settings->connections(); }
    ConnectionDialog *currentDialog() const { return m_dialog; }

Q_SIGNALS:
    void sessionOpened(Cosmoscope::AccountSession *session);
    void sessionClosing(Cosmoscope::AccountSession *session);
    void savedConnectionsChanged();

private:
    void onDialogAccepted(ConnectionDialog *dialog);
    /// Entra: shows the identity on the account node, and asks again (browser / device code)
    /// when the sign-in expired and no refresh token renews it.
    void watchCredential(AccountSession *session);
    void openSavedEntra(const SavedConnection &connection);
    void openEntra(const SavedConnection &connection,
                   const std::shared_ptr<Cosmos::Entra::TokenCredential> &credential);
    /// Shows `dialog` (prefilled) to ask for what is missing; connects on OK.
    void ask(ConnectionDialog *dialog);

    Settings *m_settings;
    SecretStore *m_secrets;
    KeychainTokenStore *m_tokenStore;
    AccountTreeModel *m_model;
    MessageBar *m_bar;
    QWidget *m_dialogParent;
    QList<AccountSession *> m_sessions;
    ConnectionDialog *m_dialog = nullptr;
    std::function<bool(AccountSession *)> m_closeGuard;
};

} // namespace Cosmoscope
