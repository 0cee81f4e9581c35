#include "entrasigninpage.h"

#include "browseropener.h"

#include <azureclicredential.h>
#include <browsercredential.h>
#include <clientsecretcredential.h>
#include <devicecodecredential.h>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Cosmoscope {

using namespace Cosmos;
using namespace Cosmos::Entra;

static const char *const Clouds[] = {"public", "usgov", "china", "custom"};
static const QLatin1String ServicePrincipal("serviceprincipal");
static const QLatin1String AzureCli("azurecli");

CloudSettings cloudSettingsOf(const SavedConnection &c)
{
    CloudSettings cloud;
    if (c.entraCloud == QLatin1String("custom")) {
        cloud.authorityHost = QUrl(c.authorityHost.trimmed());
        cloud.armEndpoint = QUrl(c.armEndpoint.trimmed());
    } else if (!CloudSettings::preset(c.entraCloud, &cloud)) {
        CloudSettings::preset(QStringLiteral("public"), &cloud);
    }
    if (!c.entraTenant.trimmed().isEmpty())
        cloud.tenant = c.entraTenant.trimmed();
    cloud.caCertificateFile = c.caFile;
    return cloud;
}

std::shared_ptr<UserCredential> makeUserCredential(const SavedConnection &c)
{
    const CloudSettings cloud = cloudSettingsOf(c);
    UserCredential *credential = nullptr;
    if (c.entraMethod == QLatin1String("devicecode"))
        credential = new DeviceCodeCredential(cloud);
    else
        credential = new InteractiveBrowserCredential(cloud);
    return std::shared_ptr<UserCredential>(credential, [](QObject *o) { o->deleteLater(); });
}

std::shared_ptr<TokenCredential> makeCredential(const SavedConnection &c,
                                                const QString &clientSecret)
{
    TokenCredential *credential = nullptr;
    if (c.entraMethod == ServicePrincipal) {
        const QString secret = c.entraSecretFromEnvironment
                                   ? qEnvironmentVariable("AZURE_CLIENT_SECRET")
                                   : clientSecret;
        credential = new ClientSecretCredential(cloudSettingsOf(c), c.entraClientId, secret);
    } else if (c.entraMethod == AzureCli) {
        credential = new AzureCliCredential(cloudSettingsOf(c));
    } else {
        return makeUserCredential(c);
    }
    return std::shared_ptr<TokenCredential>(credential, [](QObject *o) { o->deleteLater(); });
}

static QLineEdit *field(QWidget *parent, const char *name, const QString &placeholder)
{
    auto edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    return edit;
}

EntraSignInPage::EntraSignInPage(QWidget *parent)
    : QWidget(parent)
    , m_endpoint(field(this, "entraEndpoint", tr("https://myaccount.documents.azure.com:443/")))
    , m_method(new QComboBox(this))
    , m_cloud(new QComboBox(this))
    , m_tenant(field(this, "entraTenant", tr("organizations (any work or school account)")))
    , m_authority(field(this, "authorityHost", tr("https://login.example/")))
    , m_arm(field(this, "armEndpoint", tr("https://management.example/")))
    , m_clientId(field(this, "entraClientId", tr("application (client) id")))
    , m_clientSecret(field(this, "entraClientSecret", tr("the secret's value, not its id")))
    , m_secretFromEnvironment(
          new QCheckBox(tr("Use AZURE_CLIENT_SECRET from the environment"), this))
    , m_form(new QFormLayout(this))
    , m_signIn(new QPushButton(tr("&Sign in"), this))
    , m_cancel(new QPushButton(tr("Cancel sign-in"), this))
    , m_status(new QLabel(this))
    , m_userCode(new QLabel(this))
    , m_copyCode(new QPushButton(tr("Copy code"), this))
{
    setObjectName(QStringLiteral("entraPage"));
    m_method->setObjectName(QStringLiteral("entraMethod"));
    m_method->addItem(tr("System browser"), QStringLiteral("browser"));
    m_method->addItem(tr("Device code (another device or an SSH session)"),
                      QStringLiteral("devicecode"));
    m_method->addItem(tr("Service principal (client secret)"), QString(ServicePrincipal));
    if (!AzureCliCredential::executable().isEmpty())
        m_method->addItem(tr("Azure CLI (az login)"), QString(AzureCli));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_secretFromEnvironment->setObjectName(QStringLiteral("entraSecretFromEnvironment"));
    m_secretFromEnvironment->setToolTip(
        tr("The secret is read from the environment each time; it is not stored."));
    m_cloud->setObjectName(QStringLiteral("entraCloud"));
    m_cloud->addItem(tr("Azure (public)"), QString::fromLatin1(Clouds[0]));
    m_cloud->addItem(tr("Azure US Government"), QString::fromLatin1(Clouds[1]));
    m_cloud->addItem(tr("Azure China (21Vianet)"), QString::fromLatin1(Clouds[2]));
    m_cloud->addItem(tr("Custom authority and ARM endpoint"), QString::fromLatin1(Clouds[3]));
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_cancel->setObjectName(QStringLiteral("cancelSignIn"));
    m_status->setObjectName(QStringLiteral("signInStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setOpenExternalLinks(true);
    m_userCode->setObjectName(QStringLiteral("userCode"));
    m_userCode->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_userCode->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    big.setFamily(QStringLiteral("monospace"));
    m_userCode->setFont(big);
    m_copyCode->setObjectName(QStringLiteral("copyCode"));

    auto signInRow = new QHBoxLayout;
    signInRow->addWidget(m_signIn);
    signInRow->addWidget(m_cancel);
    signInRow->addStretch(1);
    auto codeRow = new QHBoxLayout;
    codeRow->addWidget(m_userCode);
    codeRow->addWidget(m_copyCode);
    codeRow->addStretch(1);

    QFormLayout *form = m_form;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Endpoint:"), m_endpoint);
    form->addRow(tr("Sign in with:"), m_method);
    form->addRow(tr("Client ID:"), m_clientId);
    form->addRow(tr("Client secret:"), m_clientSecret);
    form->addRow(QString(), m_secretFromEnvironment);
    form->addRow(tr("Cloud:"), m_cloud);
    form->addRow(tr("Tenant:"), m_tenant);
    form->addRow(tr("Authority host:"), m_authority);
    form->addRow(tr("ARM endpoint:"), m_arm);
    form->addRow(QString(), signInRow);
    form->addRow(QString(), m_status);
    form->addRow(QString(), codeRow);

    connect(m_cloud, &QComboBox::currentIndexChanged, this, &EntraSignInPage::updateCloudFields);
    connect(m_method, &QComboBox::currentIndexChanged, this, &EntraSignInPage::updateMethodFields);
    connect(m_secretFromEnvironment, &QCheckBox::toggled, this, [this](bool fromEnvironment) {
        m_clientSecret->setEnabled(!fromEnvironment);
        forgetSignIn();
    });
    connect(m_signIn, &QPushButton::clicked, this, &EntraSignInPage::signInRequested);
    connect(m_cancel, &QPushButton::clicked, this, &EntraSignInPage::cancel);
    connect(m_copyCode, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_userCode->text());
    });
    // A different account or cloud needs a new sign-in.
    for (QLineEdit *edit : {m_endpoint, m_tenant, m_authority, m_arm, m_clientId, m_clientSecret})
        connect(edit, &QLineEdit::textEdited, this, &EntraSignInPage::forgetSignIn);
    updateCloudFields();
    updateMethodFields();
    m_cancel->hide();
}

void EntraSignInPage::updateCloudFields()
{
    const bool custom = m_cloud->currentData().toString() == QLatin1String("custom");
    m_authority->setEnabled(custom);
    m_arm->setEnabled(custom);
    forgetSignIn();
}

void EntraSignInPage::forgetSignIn()
{
    if (!m_signingIn)
        m_signedIn = false;
}

void EntraSignInPage::updateMethodFields()
{
    const bool sp = method() == ServicePrincipal;
    // azure-identity's EnvironmentCredential variables fill an empty form; the secret itself
    // is never shown: it can only be used from the environment.
    if (sp && m_tenant->text().isEmpty())
        m_tenant->setText(qEnvironmentVariable("AZURE_TENANT_ID"));
    if (sp && m_clientId->text().isEmpty())
        m_clientId->setText(qEnvironmentVariable("AZURE_CLIENT_ID"));
    const bool environmentSecret = !qEnvironmentVariableIsEmpty("AZURE_CLIENT_SECRET")
                                   || m_secretFromEnvironment->isChecked();
    m_form->setRowVisible(m_clientId, sp);
    m_form->setRowVisible(m_clientSecret, sp);
    m_form->setRowVisible(m_secretFromEnvironment, sp && environmentSecret);
    m_tenant->setPlaceholderText(sp ? tr("the service principal's tenant id or domain")
                                    : tr("organizations (any work or school account)"));
    if (!m_signingIn) {
        setWaiting(sp ? tr("Sign in as the application with its client secret; the secret is "
                           "kept in the system keychain only.")
                   : method() == AzureCli
                       ? tr("Uses the identity signed in to the Azure CLI (az login).")
                       : tr("Sign in to use the account with your Microsoft Entra ID "
                            "identity; the refresh token is kept in the system keychain."),
                   false);
    }
    forgetSignIn();
    Q_EMIT methodChanged();
}

void EntraSignInPage::setRefreshTokenStore(RefreshTokenStore *store, const QString &key)
{
    m_store = store;
    m_storeKey = key;
}

void EntraSignInPage::load(const SavedConnection &c)
{
    m_endpoint->setText(c.endpoint);
    const int method = m_method->findData(c.entraMethod);
    m_method->setCurrentIndex(method < 0 ? 0 : method);
    const int cloud = m_cloud->findData(c.entraCloud);
    m_cloud->setCurrentIndex(cloud < 0 ? 0 : cloud);
    m_tenant->setText(c.entraTenant);
    m_authority->setText(c.authorityHost);
    m_arm->setText(c.armEndpoint);
    m_armAccountId = c.armAccountId;
    m_clientId->setText(c.entraClientId);
    m_secretFromEnvironment->setChecked(c.entraSecretFromEnvironment);
    updateMethodFields();
    m_signedIn = false;
}

QString EntraSignInPage::method() const
{
    return m_method->currentData().toString();
}

QString EntraSignInPage::clientSecret() const
{
    if (method() != ServicePrincipal || m_secretFromEnvironment->isChecked())
        return {};
    return m_clientSecret->text();
}

void EntraSignInPage::setClientSecret(const QString &secret)
{
    m_clientSecret->setText(secret);
}

void EntraSignInPage::fill(SavedConnection *c) const
{
    c->endpoint = endpoint();
    c->entraMethod = m_method->currentData().toString();
    c->entraCloud = m_cloud->currentData().toString();
    c->entraTenant = m_tenant->text().trimmed();
    const bool custom = c->entraCloud == QLatin1String("custom");
    c->authorityHost = custom ? m_authority->text().trimmed() : QString();
    c->armEndpoint = custom ? m_arm->text().trimmed() : QString();
    c->armAccountId = m_armAccountId;
    const bool sp = c->entraMethod == ServicePrincipal;
    c->entraClientId = sp ? m_clientId->text().trimmed() : QString();
    c->entraSecretFromEnvironment = sp && m_secretFromEnvironment->isChecked();
}

QString EntraSignInPage::endpoint() const
{
    return m_endpoint->text().trimmed();
}

bool EntraSignInPage::isSignedIn() const
{
    return m_signedIn && m_credential;
}

QString EntraSignInPage::statusText() const
{
    return m_status->text();
}

void EntraSignInPage::setWaiting(const QString &text, bool showCode)
{
    m_status->setText(text);
    m_userCode->setVisible(showCode);
    m_copyCode->setVisible(showCode);
    m_cancel->setVisible(m_signingIn);
    m_signIn->setEnabled(!m_signingIn);
}

void EntraSignInPage::signIn(const QString &caFile)
{
    if (m_signingIn)
        return;
    SavedConnection c;
    fill(&c);
    c.caFile = caFile;
    if (c.entraCloud == QLatin1String("custom")
        && (!QUrl(c.authorityHost).isValid() || c.authorityHost.isEmpty()
            || c.armEndpoint.isEmpty())) {
        finish(CosmosError::invalidInput(
            tr("A custom cloud needs its authority host and ARM endpoint.")));
        return;
    }
    if (c.entraMethod == ServicePrincipal) {
        const CosmosError invalid = checkServicePrincipal(c);
        if (invalid.isError()) {
            finish(invalid);
            return;
        }
    }
    m_credential = makeCredential(c, m_clientSecret->text());
    if (auto user = qobject_cast<UserCredential *>(m_credential.get()); user && m_store)
        user->setRefreshTokenStore(m_store, m_storeKey);
    m_signingIn = true;
    m_signedIn = false;
    TokenCredential *credential = m_credential.get();
    if (auto browser = qobject_cast<InteractiveBrowserCredential *>(credential)) {
        connect(browser,
                &InteractiveBrowserCredential::authorizeUrlReady,
                this,
                [this](const QUrl &url) {
                    const bool opened = openInBrowser(url);
                    setWaiting(opened ? tr("Waiting for the browser… sign in there, then come "
                                           "back.")
                                      : tr("Open <a href=\"%1\">this sign-in page</a> in a "
                                           "browser; waiting for it…")
                                            .arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped()),
                               false);
                });
        setWaiting(tr("Opening the browser…"), false);
    } else if (auto device = qobject_cast<DeviceCodeCredential *>(credential)) {
        connect(device,
                &DeviceCodeCredential::userCodeReady,
                this,
                [this](const QString &code, const QUrl &uri, const QString &) {
                    m_userCode->setText(code);
                    const QString link = uri.toString(QUrl::FullyEncoded).toHtmlEscaped();
                    setWaiting(tr("On any device, open <a href=\"%1\">%1</a> and enter this "
                                  "code; waiting for the sign-in…")
                                   .arg(link),
                               true);
                });
        setWaiting(tr("Asking for a device code…"), false);
    } else if (c.entraMethod == ServicePrincipal) {
        setWaiting(tr("Requesting a token for the service principal…"), false);
    } else {
        setWaiting(tr("Asking the Azure CLI for a token…"), false);
    }
    const CloudSettings cloud = credential->cloud();
    credential->getToken({cloud.armScope()},
                         this,
                         [this, credential](const AccessToken &, const CosmosError &error) {
                             if (credential != m_credential.get())
                                 return;
                             finish(error);
                         });
}

void EntraSignInPage::cancel()
{
    if (!m_signingIn || !m_credential)
        return;
    if (auto browser = qobject_cast<InteractiveBrowserCredential *>(m_credential.get()))
        browser->cancel();
    else if (auto device = qobject_cast<DeviceCodeCredential *>(m_credential.get()))
        device->cancel();
    else
        cancelRequest();
}

void EntraSignInPage::cancelRequest()
{
    // A token request (service principal, Azure CLI): its answer is dropped, as the callback
    // checks that its credential is still the page's.
    m_credential.reset();
    CosmosError e;
    e.kind = CosmosError::Kind::Cancelled;
    e.message = tr("Sign-in cancelled.");
    finish(e);
}

CosmosError EntraSignInPage::checkServicePrincipal(const SavedConnection &c) const
{
    const QString tenant = c.entraTenant.toLower();
    if (tenant.isEmpty() || tenant == QLatin1String("organizations")
        || tenant == QLatin1String("common"))
        return CosmosError::invalidInput(
            tr("A service principal signs in to its own tenant: enter the tenant id or domain."));
    if (c.entraClientId.isEmpty())
        return CosmosError::invalidInput(
            tr("Enter the application (client) id of the service principal."));
    if (c.entraSecretFromEnvironment ? qEnvironmentVariableIsEmpty("AZURE_CLIENT_SECRET")
                                     : m_clientSecret->text().isEmpty())
        return CosmosError::invalidInput(
            c.entraSecretFromEnvironment
                ? tr("AZURE_CLIENT_SECRET is not set in this program's environment.")
                : tr("Enter the client secret of the service principal."));
    return {};
}

void EntraSignInPage::finish(const CosmosError &error)
{
    m_signingIn = false;
    if (error.isError()) {
        m_signedIn = false;
        setWaiting(QStringLiteral("<span style='color:#c01c28'>%1</span>")
                       .arg(error.message.toHtmlEscaped()),
                   false);
        Q_EMIT signInFailed(error);
        return;
    }
    m_signedIn = true;
    setWaiting(tr("<span style='color:#1e7b34'>Signed in</span> as <b>%1</b> (%2), tenant %3.")
                   .arg(m_credential->username().toHtmlEscaped(),
                        m_credential->kindName().toHtmlEscaped(),
                        m_credential->tenantId().toHtmlEscaped()),
               false);
    Q_EMIT signedIn();
}

} // namespace Cosmoscope
