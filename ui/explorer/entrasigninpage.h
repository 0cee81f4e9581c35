#pragma once

#include "settings.h"

#include <cloud.h>
#include <cosmoserror.h>
#include <usercredential.h>

#include <QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace Cosmoscope {

/// The cloud of a saved Entra connection: a preset, or custom authority host and ARM endpoint
/// (sovereign clouds, the loopback test server); `caFile` is trusted for both.
Cosmos::Entra::CloudSettings cloudSettingsOf(const SavedConnection &connection);
/// A new user credential (browser or device code) for a saved Entra connection; the caller
/// sets its refresh-token store. Deleted later (it may be inside one of its own signals).
std::shared_ptr<Cosmos::Entra::UserCredential> makeUserCredential(const SavedConnection &c);

/// The connection dialog's "Microsoft Entra ID" page: account endpoint, sign-in method
/// (system browser by default, or device code with the code shown and copyable), cloud and
/// tenant. "Sign in" runs the interactive sign-in with a waiting state and Cancel.
class EntraSignInPage : public QWidget
{
    Q_OBJECT
public:
    explicit EntraSignInPage(QWidget *parent = nullptr);

    /// Where the refresh token goes once signed in (not owned), under `key`.
    void setRefreshTokenStore(Cosmos::Entra::RefreshTokenStore *store, const QString &key);
    void load(const SavedConnection &connection);
    /// Writes the Entra fields (endpoint, method, cloud, tenant …) into `connection`.
    void fill(SavedConnection *connection) const;
    QString endpoint() const;

    /// Starts the sign-in; `caFile` (optional) is trusted for the identity platform.
    void signIn(const QString &caFile);
    void cancel();
    bool isSigningIn() const { return m_signingIn; }
    bool isSignedIn() const;
    /// The signed-in credential (null before).
    std::shared_ptr<Cosmos::Entra::UserCredential> credential() const { return m_credential; }
    QString statusText() const;

Q_SIGNALS:
    /// "Sign in" was clicked: the dialog calls signIn() with its CA file.
    void signInRequested();
    void signedIn();
    void signInFailed(const Cosmos::CosmosError &error);

private:
    void updateCloudFields();
    void setWaiting(const QString &text, bool showCode);
    void finish(const Cosmos::CosmosError &error);

    QLineEdit *m_endpoint;
    QComboBox *m_method;
    QComboBox *m_cloud;
    QLineEdit *m_tenant;
    QLineEdit *m_authority;
    QLineEdit *m_arm;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QLabel *m_status;
    QLabel *m_userCode;
    QPushButton *m_copyCode;
    QString m_armAccountId;
    Cosmos::Entra::RefreshTokenStore *m_store = nullptr;
    QString m_storeKey;
    std::shared_ptr<Cosmos::Entra::UserCredential> m_credential;
    bool m_signingIn = false;
    bool m_signedIn = false;
};

} // namespace Cosmoscope
