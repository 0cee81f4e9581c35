#include "azurecontroller.h"

#include "accountsession.h"
#include "accounttreemodel.h"
#include "armexplorerbackend.h"
#include "connectioncontroller.h"
#include "messagebar.h"
#include "secretstore.h"

#include <armclient.h>
#include <armdiscovery.h>
#include <controlplane.h>
#include <cosmosclient.h>
#include <tokencredential.h>

#include <QLineEdit>
#include <QMenu>
#include <QTreeView>

namespace Cosmoscope {

using namespace Cosmos;
using NodeKind = AccountTreeModel::NodeKind;

struct AzureController::SignIn
{
    std::shared_ptr<Entra::TokenCredential> credential;
    QString caFile;
    bool allowUntrustedLocalhost = false;
    QPointer<AccountSession> session; ///< whose ARM client lists the root
    std::unique_ptr<ArmExplorerBackend> backend;
};

namespace {

Arm::ArmClient *armOf(AccountSession *session)
{
    Arm::ControlPlane *control = session->client()->controlPlane();
    return control ? control->arm() : nullptr;
}

/// The same credential, or two sign-ins of the same identity (a saved connection reopened).
bool sameIdentity(const Entra::TokenCredential *a, const Entra::TokenCredential *b)
{
    return a == b
           || (!a->username().isEmpty()
               && a->username().compare(b->username(), Qt::CaseInsensitive) == 0
               && a->tenantId() == b->tenantId());
}

} // namespace

AzureController::AzureController(AccountTreeModel *model,
                                 QTreeView *view,
                                 ConnectionController *connections,
                                 SecretStore *secrets,
                                 MessageBar *bar,
                                 QWidget *parent)
    : QObject(parent)
    , m_model(model)
    , m_view(view)
    , m_connections(connections)
    , m_secrets(secrets)
    , m_bar(bar)
    , m_filter(new QLineEdit(parent))
{
    m_filter->setObjectName(QStringLiteral("azureFilter"));
    m_filter->setPlaceholderText(tr("Filter Azure accounts by name"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setVisible(false); // shown with the first Azure root
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        applyFilter({}, 0, m_model->rowCount() - 1);
    });
    // Accounts arriving later (a subscription expanded, "Load more…") are filtered as well.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AzureController::applyFilter);
    connect(
        connections, &ConnectionController::sessionOpened, this, &AzureController::onSessionOpened);
    connect(connections,
            &ConnectionController::sessionClosing,
            this,
            &AzureController::onSessionClosing);
    for (AccountSession *s : connections->sessions())
        onSessionOpened(s);
}

AzureController::~AzureController() = default;

void AzureController::applyFilter(const QModelIndex &parent, int first, int last)
{
    const QString text = m_filter->text().trimmed();
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        switch (m_model->kind(index)) {
        case NodeKind::AzureAccount:
            m_view->setRowHidden(
                row, parent, !index.data().toString().contains(text, Qt::CaseInsensitive));
            break;
        case NodeKind::AzureRoot:
        case NodeKind::Tenant:
        case NodeKind::Subscription: // what is loaded only: the filter never loads more
            applyFilter(index, 0, m_model->rowCount(index) - 1);
            break;
        default:
            break;
        }
    }
}

void AzureController::onSessionOpened(AccountSession *session)
{
    const ConnectionInfo &info = session->client()->connection();
    Arm::ArmClient *arm = armOf(session);
    if (!info.usesEntra() || !arm)
        return;
    for (const auto &s : std::as_const(m_signIns)) {
        if (sameIdentity(s->credential.get(), info.credential.get()))
            return; // one root per signed-in identity
    }
    auto signIn = std::make_shared<SignIn>();
    signIn->credential = info.credential;
    signIn->caFile = info.caCertificateFile;
    signIn->allowUntrustedLocalhost = info.allowUntrustedLocalhost;
    signIn->session = session;
    signIn->backend = std::make_unique<ArmExplorerBackend>(arm);
    const int rootId = m_model->addAzureRoot(tr("Azure"), signIn->backend.get());
    m_signIns.insert(rootId, signIn);
    connect(info.credential.get(), &Entra::TokenCredential::tokenObtained, this, [this, rootId] {
        showIdentity(rootId);
    });
    showIdentity(rootId);
    m_filter->setVisible(true);
}

void AzureController::showIdentity(int rootId)
{
    const std::shared_ptr<SignIn> signIn = m_signIns.value(rootId);
    if (!signIn || signIn->credential->username().isEmpty())
        return;
    const Entra::TokenCredential *c = signIn->credential.get();
    for (auto it = m_signIns.cbegin(); it != m_signIns.cend(); ++it) {
        if (it.key() < rootId && sameIdentity(it.value()->credential.get(), c)) {
            // Known only now: the identity already has its root.
            m_signIns.remove(rootId);
            m_model->removeAccount(rootId);
            return;
        }
    }
    m_model->setAccountDetail(
        rootId,
        c->username(),
        tr("%1 (%2)\nTenant %3").arg(c->username(), c->kindName(), c->tenantId()));
}

void AzureController::onSessionClosing(AccountSession *session)
{
    for (auto it = m_signIns.begin(); it != m_signIns.end();) {
        SignIn &signIn = **it;
        if (signIn.session != session) {
            ++it;
            continue;
        }
        // Another account of the same identity keeps the root: list through its ARM client.
        AccountSession *other = nullptr;
        for (AccountSession *s : m_connections->sessions()) {
            const ConnectionInfo &info = s->client()->connection();
            if (s != session && info.usesEntra()
                && sameIdentity(info.credential.get(), signIn.credential.get()) && armOf(s)) {
                other = s;
                break;
            }
        }
        if (other) {
            signIn.session = other;
            signIn.credential = other->client()->connection().credential;
            signIn.backend->setArmClient(armOf(other));
            ++it;
            continue;
        }
        const int rootId = it.key();
        it = m_signIns.erase(it);
        m_model->removeAccount(rootId);
    }
    if (m_signIns.isEmpty()) {
        m_filter->clear();
        m_filter->setVisible(false);
    }
}

const AzureController::SignIn *AzureController::signInAt(const QModelIndex &index) const
{
    if (m_model->kind(index) != NodeKind::AzureAccount)
        return nullptr;
    const std::shared_ptr<SignIn> signIn = m_signIns.value(m_model->accountId(index));
    return signIn && signIn->backend->armClient() ? signIn.get() : nullptr;
}

AccountSession *AzureController::openWithEntra(const QModelIndex &index)
{
    const SignIn *signIn = signInAt(index);
    if (!signIn || !m_connections)
        return nullptr;
    const Arm::Account account = Arm::Account::fromJson(m_model->resource(index));
    for (AccountSession *s : m_connections->sessions()) { // already open: go there
        const ConnectionInfo &info = s->client()->connection();
        if (info.credential == signIn->credential && info.armAccountId == account.id) {
            m_view->setCurrentIndex(m_model->accountIndex(s->accountId()));
            return s;
        }
    }
    CosmosError error;
    ConnectionInfo info = ConnectionInfo::fromEndpointAndCredential(
        account.documentEndpoint.toString(), signIn->credential, &error);
    if (error.isError()) {
        m_bar->showError(error, tr("Opening %1").arg(account.name));
        return nullptr;
    }
    info.armAccountId = account.id;
    info.caCertificateFile = signIn->caFile;
    info.allowUntrustedLocalhost = signIn->allowUntrustedLocalhost;
    AccountSession *session = m_connections->openConnection(account.name, info);
    m_view->setCurrentIndex(m_model->accountIndex(session->accountId()));
    return session;
}

void AzureController::openWithKeys(const QModelIndex &index)
{
    const SignIn *signIn = signInAt(index);
    if (!signIn || !m_connections)
        return;
    const Arm::Account account = Arm::Account::fromJson(m_model->resource(index));
    if (account.disableLocalAuth) {
        const QString text = tr("%1 has key authentication disabled: open it with Microsoft "
                                "Entra ID instead.")
                                 .arg(account.name);
        m_bar->showMessage(MessageBar::Type::Warning, text);
        Q_EMIT keysOpened(nullptr, text);
        return;
    }
    const QString who = signIn->credential->username();
    const QString caFile = signIn->caFile;
    const bool allowUntrusted = signIn->allowUntrustedLocalhost;
    auto discovery = new Arm::Discovery(signIn->backend->armClient(), this);
    discovery->listKeys(account.id, this, [=](const QByteArray &key, const CosmosError &e) {
        discovery->deleteLater();
        if (e.isError() || key.isEmpty()) {
            QString text = e.isError() ? e.message : tr("Azure answered no key.");
            if (e.status == 403)
                text = tr("%1 may not read the keys of %2: that takes the listKeys action "
                          "(Microsoft.DocumentDB/databaseAccounts/listKeys/action), granted by "
                          "the \"DocumentDB Account Contributor\" or \"Contributor\" role on "
                          "the account. An owner can assign it with: az role assignment create "
                          "--assignee %1 --role \"DocumentDB Account Contributor\" --scope %3. "
                          "Meanwhile, open it with Microsoft Entra ID.")
                           .arg(who.isEmpty() ? tr("Your sign-in") : who, account.name, account.id);
            m_bar->showMessage(MessageBar::Type::Error, text, e.message);
            Q_EMIT keysOpened(nullptr, text);
            return;
        }
        CosmosError error;
        ConnectionInfo info = ConnectionInfo::fromEndpointAndKey(
            account.documentEndpoint.toString(), QString::fromLatin1(key), &error);
        info.caCertificateFile = caFile;
        info.allowUntrustedLocalhost = allowUntrusted;
        if (m_secrets) { // the keychain only: never the settings file
            m_secrets->write(QStringLiteral("arm-key:") + account.id,
                             QString::fromLatin1(key),
                             this,
                             [this](bool persisted, const QString &message) {
                                 if (!persisted)
                                     m_bar->showMessage(MessageBar::Type::Warning, message);
                             });
        }
        AccountSession *session
            = m_connections->openConnection(tr("%1 (keys)").arg(account.name), info);
        m_view->setCurrentIndex(m_model->accountIndex(session->accountId()));
        Q_EMIT keysOpened(session, QString());
    });
}

void AzureController::populateMenu(QMenu *menu, const QModelIndex &index)
{
    if (!signInAt(index))
        return;
    const QPersistentModelIndex persistent(index);
    QAction *entra = menu->addAction(tr("Open with Microsoft Entra ID"), this, [this, persistent] {
        openWithEntra(persistent);
    });
    menu->setDefaultAction(entra);
    const bool keysDisabled = Arm::Account::fromJson(m_model->resource(index)).disableLocalAuth;
    QAction *keys = menu->addAction(keysDisabled ? tr("Open with keys (disabled on this account)")
                                                 : tr("Open with keys (listKeys)"),
                                    this,
                                    [this, persistent] { openWithKeys(persistent); });
    keys->setEnabled(!keysDisabled);
}

} // namespace Cosmoscope
