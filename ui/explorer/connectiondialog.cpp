#include "connectiondialog.h"

#include "entrasigninpage.h"
#include "keychaintokenstore.h"
#include "messagebar.h"

#include <cosmosclient.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QUuid>

#include <algorithm>
#include <utility>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;
using Kind = SavedConnection::Kind;

static QLineEdit *
lineEdit(QWidget *parent, const char *name, const QString &placeholder, bool secret = false)
{
    auto edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    if (secret)
        edit->setEchoMode(QLineEdit::Password);
    return edit;
}

ConnectionDialog::ConnectionDialog(QWidget *parent)
    : QDialog(parent)
    , m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_name(lineEdit(this, "connectionName", tr("My account")))
    , m_kind(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_connectionString(
          lineEdit(this,
                   "connectionString",
                   tr("AccountEndpoint=https://….documents.azure.com:443/;AccountKey=…;"),
                   true))
    , m_endpoint(lineEdit(this, "endpoint", tr("https://myaccount.documents.azure.com:443/")))
    , m_key(lineEdit(this, "accountKey", tr("primary or secondary key"), true))
    , m_tokenEndpoint(
          lineEdit(this, "tokenEndpoint", tr("https://myaccount.documents.azure.com:443/")))
    , m_resourceLink(lineEdit(this, "resourceLink", tr("dbs/mydb/colls/mycontainer")))
    , m_token(lineEdit(this, "resourceToken", tr("type=resource&ver=1.0&sig=…"), true))
    , m_emulatorEndpoint(lineEdit(this, "emulatorEndpoint", tr("https://localhost:8081/")))
    , m_caFile(lineEdit(this, "caFile", tr("optional PEM file")))
    , m_allowUntrusted(new QCheckBox(tr("Allow an untrusted certificate (localhost only)"), this))
    , m_preferredRegions(lineEdit(this, "preferredRegions",
                                  tr("optional: West Europe, North Europe (reads go there first)")))
    , m_consistency(new QComboBox(this))
    , m_remember(
          new QCheckBox(tr("Remember this connection (the key goes to the system keychain)"), this))
    , m_testButton(new QPushButton(tr("&Test connection"), this))
    , m_result(new QLabel(this))
    , m_entraPage(new EntraSignInPage(this))
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect to Azure Cosmos DB"));
    m_kind->setObjectName(QStringLiteral("connectionKind"));
    for (Kind k : {Kind::ConnectionString, Kind::EndpointKey, Kind::ResourceToken, Kind::Emulator,
                   Kind::Entra})
        m_kind->addItem(SavedConnection::kindName(k), int(k));
    m_allowUntrusted->setObjectName(QStringLiteral("allowUntrusted"));
    m_allowUntrusted->setChecked(false);
    m_remember->setObjectName(QStringLiteral("rememberConnection"));
    m_remember->setChecked(true);
    m_testButton->setObjectName(QStringLiteral("testConnection"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emulatorEndpoint->setText(QStringLiteral("https://localhost:8081/"));
    m_consistency->setObjectName(QStringLiteral("consistencyLevel"));
    m_consistency->setToolTip(tr("Sent with every request. The service accepts only the "
                                 "account's default level or a weaker one; Test connection "
                                 "narrows the list to those."));
    offerConsistencyLevels(QString());

    const auto page = [this](const QList<QPair<QString, QWidget *>> &rows) {
        auto widget = new QWidget(m_pages);
        auto form = new QFormLayout(widget);
        form->setContentsMargins(0, 0, 0, 0);
        for (const auto &row : rows)
            form->addRow(row.first, row.second);
        m_pages->addWidget(widget);
    };
    page({{tr("Connection string:"), m_connectionString}});
    page({{tr("Endpoint:"), m_endpoint}, {tr("Key:"), m_key}});
    page({{tr("Endpoint:"), m_tokenEndpoint},
          {tr("Resource link:"), m_resourceLink},
          {tr("Resource token:"), m_token}});
    auto emulatorNote = new QLabel(tr("Uses the emulator's well-known key."), this);
    page({{tr("Endpoint:"), m_emulatorEndpoint}, {QString(), emulatorNote}});
    m_pages->addWidget(m_entraPage);

    auto browse = new QPushButton(tr("Browse…"), this);
    auto caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browse);

    auto form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Connect with:"), m_kind);
    form->addRow(m_pages);
    form->addRow(tr("CA certificate:"), caRow);
    form->addRow(QString(), m_allowUntrusted);
    form->addRow(tr("Preferred regions:"), m_preferredRegions);
    form->addRow(tr("Consistency:"), m_consistency);
    form->addRow(QString(), m_remember);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("connectButton"));
    buttons->addButton(m_testButton, QDialogButtonBox::ActionRole);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(620, sizeHint().height());

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectionDialog::setKind);
    connect(browse, &QPushButton::clicked, this, [this] {
        auto dialog = new QFileDialog(this, tr("CA certificate (PEM)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setNameFilter(tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
        connect(dialog, &QFileDialog::fileSelected, m_caFile, &QLineEdit::setText);
        dialog->open();
    });
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_entraPage, &EntraSignInPage::signInRequested, this, [this] {
        m_afterSignIn = AfterSignIn::Nothing;
        startEntraSignIn();
    });
    connect(m_entraPage, &EntraSignInPage::signedIn, this, [this] {
        const AfterSignIn next = std::exchange(m_afterSignIn, AfterSignIn::Nothing);
        if (next == AfterSignIn::Test)
            testConnection();
        else if (next == AfterSignIn::Accept)
            accept();
    });
    connect(m_entraPage, &EntraSignInPage::signInFailed, this, [this] {
        m_afterSignIn = AfterSignIn::Nothing;
        m_result->clear(); // the page says why, beside its Sign in button: once is enough
    });
    connect(m_entraPage, &EntraSignInPage::methodChanged, this, [this] {
        setKind(m_kind->currentData().toInt());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_kind->setCurrentIndex(int(Kind::EndpointKey));
    setKind(int(Kind::EndpointKey));
}

void ConnectionDialog::setKind(int kind)
{
    m_pages->setCurrentIndex(kind);
    // The stack as tall as the page shown, not as the tallest page (Entra): no empty band.
    for (int i = 0; i < m_pages->count(); ++i) {
        const QSizePolicy::Policy v = i == kind ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_pages->widget(i)->setSizePolicy(QSizePolicy::Preferred, v);
    }
    m_pages->updateGeometry();
    if (Kind(kind) != Kind::Entra)
        m_remember->setText(tr("Remember this connection (the key goes to the system keychain)"));
    else if (m_entraPage->method() == QLatin1String("serviceprincipal"))
        m_remember->setText(tr("Remember this connection (the client secret goes to the system "
                               "keychain)"));
    else
        m_remember->setText(tr("Remember this connection (the sign-in goes to the system "
                               "keychain)"));
}

bool ConnectionDialog::isEntra() const
{
    return Kind(m_kind->currentData().toInt()) == Kind::Entra;
}

void ConnectionDialog::startEntraSignIn()
{
    m_entraPage->setRefreshTokenStore(m_remember->isChecked() ? m_tokenStore : nullptr,
                                      KeychainTokenStore::keyFor(m_id));
    m_result->clear();
    m_entraPage->signIn(m_caFile->text().trimmed());
}

void ConnectionDialog::setConnection(const SavedConnection &c, const QString &secret)
{
    m_id = c.id;
    m_name->setText(c.name);
    m_kind->setCurrentIndex(int(c.kind));
    m_caFile->setText(c.caFile);
    m_allowUntrusted->setChecked(c.allowUntrustedLocalhost);
    m_preferredRegions->setText(c.preferredRegions.join(QStringLiteral(", ")));
    if (m_consistency->findData(c.consistency) < 0) // a level not offered before a test
        m_consistency->addItem(c.consistency, c.consistency);
    m_consistency->setCurrentIndex(m_consistency->findData(c.consistency));
    switch (c.kind) {
    case Kind::ConnectionString:
        m_connectionString->setText(secret);
        break;
    case Kind::EndpointKey:
        m_endpoint->setText(c.endpoint);
        m_key->setText(secret);
        break;
    case Kind::ResourceToken:
        m_tokenEndpoint->setText(c.endpoint);
        m_resourceLink->setText(c.resourceLink);
        m_token->setText(secret);
        break;
    case Kind::Emulator:
        m_emulatorEndpoint->setText(c.endpoint);
        break;
    case Kind::Entra:
        m_entraPage->load(c);
        m_entraPage->setClientSecret(secret);
        break;
    }
}

SavedConnection ConnectionDialog::savedConnection() const
{
    SavedConnection c;
    c.id = m_id;
    c.kind = Kind(m_kind->currentData().toInt());
    c.caFile = m_caFile->text().trimmed();
    c.allowUntrustedLocalhost = m_allowUntrusted->isChecked();
    CosmosError error;
    c.preferredRegions = connectionInfo(&error).preferredRegions;
    c.consistency = m_consistency->currentData().toString();
    const ConnectionInfo info = connectionInfo(&error);
    c.endpoint = info.endpoint.toString(QUrl::FullyEncoded);
    if (c.kind == Kind::ResourceToken)
        c.resourceLink = m_resourceLink->text().trimmed();
    if (c.kind == Kind::Entra) {
        m_entraPage->fill(&c);
        c.endpoint = info.endpoint.isValid() ? info.endpoint.toString(QUrl::FullyEncoded)
                                             : m_entraPage->endpoint();
    }
    c.name = m_name->text().trimmed().isEmpty() ? info.endpoint.host() : m_name->text().trimmed();
    return c;
}

QString ConnectionDialog::secret() const
{
    switch (Kind(m_kind->currentData().toInt())) {
    case Kind::ConnectionString:
        return m_connectionString->text().trimmed();
    case Kind::EndpointKey:
        return m_key->text().trimmed();
    case Kind::ResourceToken:
        return m_token->text().trimmed();
    case Kind::Entra: // a service principal's secret; a user's refresh token goes to the
                      // keychain through the token store
        return m_entraPage->clientSecret();
    case Kind::Emulator:
        return {};
    }
    return {};
}

bool ConnectionDialog::remember() const
{
    return m_remember->isChecked();
}

ConnectionInfo ConnectionDialog::connectionInfo(CosmosError *error) const
{
    ConnectionInfo info;
    *error = {};
    switch (Kind(m_kind->currentData().toInt())) {
    case Kind::ConnectionString:
        info = ConnectionInfo::fromConnectionString(m_connectionString->text(), error);
        break;
    case Kind::EndpointKey:
        info = ConnectionInfo::fromEndpointAndKey(m_endpoint->text(), m_key->text(), error);
        break;
    case Kind::ResourceToken:
        info = ConnectionInfo::fromResourceToken(
            m_tokenEndpoint->text(), m_resourceLink->text().trimmed(), m_token->text(), error);
        break;
    case Kind::Emulator:
        info = ConnectionInfo::fromEndpointAndKey(
            m_emulatorEndpoint->text(), ConnectionInfo::emulatorKey(), error);
        break;
    case Kind::Entra: {
        if (!m_entraPage->isSignedIn()) {
            *error = CosmosError::invalidInput(tr("Sign in with Microsoft Entra ID first."));
            info.endpoint = QUrl(m_entraPage->endpoint());
            return info;
        }
        info = ConnectionInfo::fromEndpointAndCredential(m_entraPage->endpoint(),
                                                         m_entraPage->credential(), error);
        SavedConnection c;
        m_entraPage->fill(&c);
        info.armAccountId = c.armAccountId;
        break;
    }
    }
    info.caCertificateFile = m_caFile->text().trimmed();
    info.allowUntrustedLocalhost = m_allowUntrusted->isChecked();
    for (const QString &region : m_preferredRegions->text().split(QLatin1Char(','))) {
        if (!region.trimmed().isEmpty())
            info.preferredRegions << region.trimmed();
    }
    info.consistencyLevel = m_consistency->currentData().toString();
    if (!error->isError())
        *error = info.validate();
    return info;
}

void ConnectionDialog::testConnection()
{
    if (isEntra() && !m_entraPage->isSignedIn()) {
        m_afterSignIn = AfterSignIn::Test;
        startEntraSignIn();
        return;
    }
    CosmosError error;
    const ConnectionInfo info = connectionInfo(&error);
    if (error.isError()) {
        m_result->setText(QStringLiteral("<span style='color:#c01c28'>%1</span>")
                              .arg(error.message.toHtmlEscaped()));
        Q_EMIT testFinished(false);
        return;
    }
    if (m_testClient)
        m_testClient->deleteLater();
    m_testClient = new CosmosClient(info, this);
    m_testClient->setTransferTimeout(15000);
    m_testButton->setEnabled(false);
    m_result->setText(tr("Testing…"));
    CosmosClient *client = m_testClient;
    client->readAccount(this, [this, client](const CosmosResponse &r) {
        client->deleteLater();
        m_testButton->setEnabled(true);
        if (!r.ok()) {
            m_result->setText(QStringLiteral("<span style='color:#c01c28'>%1</span>")
                                  .arg(MessageBar::describe(r.error).toHtmlEscaped()));
            Q_EMIT testFinished(false);
            return;
        }
        const QJsonObject account = r.object();
        QStringList regions;
        for (const QJsonValue &v : account.value(QStringLiteral("readableLocations")).toArray())
            regions << v.toObject().value(QStringLiteral("name")).toString();
        const QString consistency = account.value(QStringLiteral("userConsistencyPolicy"))
                                        .toObject()
                                        .value(QStringLiteral("defaultConsistencyLevel"))
                                        .toString();
        offerConsistencyLevels(consistency);
        m_result->setText(tr("<span style='color:#1e7b34'>Connected.</span> Account <b>%1</b> · "
                             "regions: %2 · default consistency: %3 · %4 ms")
                              .arg(account.value(QStringLiteral("id")).toString().toHtmlEscaped(),
                                   regions.join(QStringLiteral(", ")).toHtmlEscaped(),
                                   consistency.toHtmlEscaped())
                              .arg(r.elapsedMs));
        Q_EMIT testFinished(true);
    });
}

void ConnectionDialog::offerConsistencyLevels(const QString &accountLevel)
{
    // From the strongest to the weakest, as the service orders them.
    static const QStringList levels{QStringLiteral("Strong"), QStringLiteral("BoundedStaleness"),
                                    QStringLiteral("Session"), QStringLiteral("ConsistentPrefix"),
                                    QStringLiteral("Eventual")};
    const QString current = m_consistency->currentData().toString();
    const qsizetype from = std::max<qsizetype>(0, levels.indexOf(accountLevel));
    m_consistency->clear();
    m_consistency->addItem(accountLevel.isEmpty() ? tr("Account default")
                                                  : tr("Account default (%1)").arg(accountLevel),
                           QString());
    for (qsizetype i = from; i < levels.size(); ++i)
        m_consistency->addItem(levels.at(i), levels.at(i));
    m_consistency->setCurrentIndex(std::max(0, m_consistency->findData(current)));
}

QString ConnectionDialog::testResult() const
{
    return m_result->text();
}

void ConnectionDialog::accept()
{
    if (isEntra() && !m_entraPage->isSignedIn()) {
        m_afterSignIn = AfterSignIn::Accept;
        startEntraSignIn();
        return;
    }
    CosmosError error;
    connectionInfo(&error);
    if (error.isError()) {
        m_result->setText(QStringLiteral("<span style='color:#c01c28'>%1</span>")
                              .arg(error.message.toHtmlEscaped()));
        return;
    }
    QDialog::accept();
}

} // namespace Cosmoscope
