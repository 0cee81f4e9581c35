#pragma once

#include "settings.h"

#include <cloud.h>
#include <cosmoserror.h>
#include <tokencredential.h>
#include <usercredential.h>

#include <QWidget>

#include <memory>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QFormLayout;
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
/// The credential of a saved Entra connection by its method: a user credential as above, a
/// service principal with `clientSecret` (or AZURE_CLIENT_SECRET when the connection says so),
/// or the Azure CLI. Deleted later, as above.
std::shared_ptr<Cosmos::Entra::TokenCredential> makeCredential(const SavedConnection &c,
                                                               const QString &clientSecret);

/// The connection dialog's "Microsoft Entra ID" page: account endpoint, sign-in method
/// (system browser by default, device code with the code shown and copyable, a service
/// principal with its client secret, or the Azure CLI when `az` is on PATH), cloud and tenant.
/// "Sign in" obtains a token asynchronously with a waiting state and Cancel.
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
    /// The service principal's client secret as typed (empty for the other methods, or when
    /// it comes from AZURE_CLIENT_SECRET): the dialog keeps it in the keychain only.
    QString clientSecret() const;
    void setClientSecret(const QString &secret);
    /// "browser", "devicecode", "serviceprincipal" or "azurecli".
    QString method() const;

    /// Starts the sign-in; `caFile` (optional) is trusted for the identity platform.
    void signIn(const QString &caFile);
    void cancel();
    bool isSigningIn() const { return m_signingIn; }
    bool isSignedIn() const;
    /// The signed-in credential (null before).
    std::shared_ptr<Cosmos::Entra::TokenCredential> credential() const { return m_credential; }
    QString statusText() const;

Q_SIGNALS:
    /// "Sign in" was clicked: the dialog calls signIn() with its CA file.
    void signInRequested();
    void signedIn();
    void signInFailed(const Cosmos::CosmosError &error);
    void methodChanged();

private:
    void updateCloudFields();
    void updateMethodFields();
    void forgetSignIn();
    void cancelRequest();
    Cosmos::CosmosError checkServicePrincipal(const SavedConnection &c) const;
    void setWaiting(const QString &text, bool showCode);
    void finish(const Cosmos::CosmosError &error);

    QLineEdit *m_endpoint;
    QComboBox *m_method;
    QComboBox *m_cloud;
    QLineEdit *m_tenant;
    QLineEdit *m_authority;
    QLineEdit *m_arm;
    QLineEdit *m_clientId;
    QLineEdit *m_clientSecret;
    QCheckBox *m_secretFromEnvironment;
    QFormLayout *m_form;
    QPushButton *m_signIn;
    QPushButton *m_cancel;
    QLabel *m_status;
    QLabel *m_userCode;
    QPushButton *m_copyCode;
    QString m_armAccountId;
    Cosmos::Entra::RefreshTokenStore *m_store = nullptr;
    QString m_storeKey;
    std::shared_ptr<Cosmos::Entra::TokenCredential> m_credential;
    bool m_signingIn = false;
    bool m_signedIn = false;
};

} // namespace Cosmoscope
