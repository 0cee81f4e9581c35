#pragma once

#include "settings.h"

#include <connectioninfo.h>
#include <cosmosclient.h>

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
QT_END_NAMESPACE

namespace Cosmos::Entra {
class RefreshTokenStore;
}

namespace Cosmoscope {

class EntraSignInPage;

/// Connection string, endpoint + key, resource token, the emulator preset or
/// Microsoft Entra ID sign-in (EntraSignInPage); an optional CA
/// file; "allow untrusted certificate (localhost only)", off by default; "Test connection"
/// reads the account asynchronously and shows its regions and default consistency.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectionDialog(QWidget *parent = nullptr);

    /// Prefills from a saved connection (the secret may be empty: then it is asked for).
    void setConnection(const SavedConnection &connection, const QString &secret);
    SavedConnection savedConnection() const; ///< without the secret
    QString secret() const;
    bool remember() const;
    Cosmos::ConnectionInfo connectionInfo(Cosmos::CosmosError *error) const;

    void testConnection();
    QString testResult() const;
    bool isTesting() const { return m_testClient != nullptr; }
    void accept() override;
    /// Where Entra refresh tokens go when the connection is remembered (not owned).
    void setRefreshTokenStore(Cosmos::Entra::RefreshTokenStore *store) { m_tokenStore = store; }
    EntraSignInPage *entraPage() const { return m_entraPage; }
    /// Offers the levels not stronger than `accountLevel` (all when it is empty), keeping the
    /// current choice when it is still offered.
    void offerConsistencyLevels(const QString &accountLevel);

Q_SIGNALS:
    void testFinished(bool ok);

private:
    void setKind(int kind);
    bool isEntra() const;
    void startEntraSignIn();

    QString m_id;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_connectionString;
    QLineEdit *m_endpoint;
    QLineEdit *m_key;
    QLineEdit *m_tokenEndpoint;
    QLineEdit *m_resourceLink;
    QLineEdit *m_token;
    QLineEdit *m_emulatorEndpoint;
    QLineEdit *m_caFile;
    QCheckBox *m_allowUntrusted;
    QLineEdit *m_preferredRegions;
    QComboBox *m_consistency;
    QCheckBox *m_remember;
    QPushButton *m_testButton;
    QLabel *m_result;
    QPointer<Cosmos::CosmosClient> m_testClient;
    EntraSignInPage *m_entraPage;
    Cosmos::Entra::RefreshTokenStore *m_tokenStore = nullptr;
    enum class AfterSignIn { Nothing, Test, Accept } m_afterSignIn = AfterSignIn::Nothing;
};

} // namespace Cosmoscope
