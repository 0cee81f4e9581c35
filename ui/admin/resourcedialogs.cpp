#include "resourcedialogs.h"

#include "manageutil.h"

#include <throughput.h>
#include <validation.h>

#include <QButtonGroup>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Cosmoscope {

using namespace Cosmos;

static QLabel *errorLabel(QWidget *parent)
{
    auto label = new QLabel(parent);
    label->setObjectName(QStringLiteral("dialogError"));
    Manage::setErrorTextColor(label);
    label->setWordWrap(true);
    label->hide();
    return label;
}

ThroughputBox::ThroughputBox(QWidget *parent)
    : QWidget(parent)
    , m_group(new QButtonGroup(this))
    , m_value(new QSpinBox(this))
{
    auto none = new QRadioButton(tr("None (shared or serverless)"), this);
    auto manual = new QRadioButton(tr("Manual"), this);
    auto autoscale = new QRadioButton(tr("Autoscale, max"), this);
    m_group->addButton(none, int(Mode::None));
    m_group->addButton(manual, int(Mode::Manual));
    m_group->addButton(autoscale, int(Mode::Autoscale));
    none->setChecked(true);
    m_value->setRange(100, 1000000);
    m_value->setSingleStep(100);
    m_value->setValue(400);
    m_value->setSuffix(tr(" RU/s"));
    m_value->setEnabled(false);
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(none);
    layout->addWidget(manual);
    layout->addWidget(autoscale);
    layout->addWidget(m_value);
    connect(m_group, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (!checked)
            return;
        m_value->setEnabled(id != int(Mode::None));
        if (id == int(Mode::Autoscale) && m_value->value() < 1000)
            m_value->setValue(1000);
    });
}

ThroughputBox::Mode ThroughputBox::mode() const
{
    return Mode(m_group->checkedId());
}

void ThroughputBox::setMode(Mode mode)
{
    m_group->button(int(mode))->setChecked(true);
}

int ThroughputBox::value() const
{
    return m_value->value();
}

void ThroughputBox::setValue(int value)
{
    m_value->setValue(value);
}

CosmosError ThroughputBox::validate() const
{
    if (mode() == Mode::None)
        return {};
    ThroughputSettings settings;
    settings.autoscale = mode() == Mode::Autoscale;
    settings.value = value();
    return settings.validate();
}

// ---------------------------------------------------------------------------------------------

// The end of both "New …" dialogs: "only if it does not exist", the error line, OK/Cancel
// (OK reaches the dialog's own accept(), which validates).
static QCheckBox *finishCreateDialog(QDialog *dialog, QFormLayout *form, QLabel *error)
{
    auto ifNotExists = new QCheckBox(
        QCoreApplication::translate("Cosmoscope", "Only if it does not exist (keep an existing one)"),
        dialog);
    ifNotExists->setObjectName(QStringLiteral("ifNotExists"));
    form->addRow(QString(), ifNotExists);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return ifNotExists;
}

CreateDatabaseDialog::CreateDatabaseDialog(QWidget *parent)
    : QDialog(parent)
    , m_id(new QLineEdit(this))
    , m_throughput(new ThroughputBox(this))
    , m_error(errorLabel(this))
{
    setWindowTitle(tr("New database"));
    m_id->setObjectName(QStringLiteral("databaseId"));
    auto form = new QFormLayout;
    form->addRow(tr("Database id:"), m_id);
    form->addRow(tr("Throughput:"), m_throughput);
    m_ifNotExists = finishCreateDialog(this, form, m_error);
}

QString CreateDatabaseDialog::databaseId() const
{
    return m_id->text().trimmed();
}

void CreateDatabaseDialog::accept()
{
    CosmosError error = validateId(databaseId(), tr("database id"));
    if (!error.isError())
        error = m_throughput->validate();
    if (error.isError()) {
        m_error->setText(error.message);
        m_error->show();
        return;
    }
    QDialog::accept();
}

// ---------------------------------------------------------------------------------------------

CreateContainerDialog::CreateContainerDialog(QWidget *parent)
    : QDialog(parent)
    , m_id(new QLineEdit(this))
    , m_ttl(new QButtonGroup(this))
    , m_ttlSeconds(new QSpinBox(this))
    , m_throughput(new ThroughputBox(this))
    , m_error(errorLabel(this))
{
    setWindowTitle(tr("New container"));
    m_id->setObjectName(QStringLiteral("containerId"));
    auto form = new QFormLayout;
    form->addRow(tr("Container id:"), m_id);
    for (int i = 0; i < 3; ++i) {
        m_paths[i] = new QLineEdit(this);
        m_paths[i]->setObjectName(QStringLiteral("partitionKeyPath%1").arg(i + 1));
        m_paths[i]->setPlaceholderText(i == 0 ? tr("/category")
                                              : tr("optional (hierarchical partition key)"));
        form->addRow(i == 0 ? tr("Partition key path:") : tr("  level %1:").arg(i + 1), m_paths[i]);
    }
    auto ttlRow = new QWidget(this);
    auto ttlLayout = new QHBoxLayout(ttlRow);
    ttlLayout->setContentsMargins(0, 0, 0, 0);
    auto off = new QRadioButton(tr("Off"), ttlRow);
    auto onNoDefault = new QRadioButton(tr("On (no default)"), ttlRow);
    auto on = new QRadioButton(tr("On, seconds:"), ttlRow);
    m_ttl->addButton(off, -2);
    m_ttl->addButton(onNoDefault, -1);
    m_ttl->addButton(on, 0);
    off->setChecked(true);
    m_ttlSeconds->setRange(1, 2147483647);
    m_ttlSeconds->setValue(86400);
    m_ttlSeconds->setEnabled(false);
    ttlLayout->addWidget(off);
    ttlLayout->addWidget(onNoDefault);
    ttlLayout->addWidget(on);
    ttlLayout->addWidget(m_ttlSeconds);
    form->addRow(tr("Time to live:"), ttlRow);
    form->addRow(tr("Throughput:"), m_throughput);
    m_ifNotExists = finishCreateDialog(this, form, m_error);
    connect(m_ttl, &QButtonGroup::idToggled, this, [this](int id, bool checked) {
        if (checked)
            m_ttlSeconds->setEnabled(id == 0);
    });
}

QString CreateContainerDialog::containerId() const
{
    return m_id->text().trimmed();
}

PartitionKeyDefinition CreateContainerDialog::partitionKey() const
{
    QStringList paths;
    for (QLineEdit *edit : m_paths) {
        if (!edit->text().trimmed().isEmpty())
            paths << edit->text().trimmed();
    }
    CosmosError error;
    return PartitionKeyDefinition::fromPathList(paths.join(QLatin1Char(',')), &error);
}

int CreateContainerDialog::defaultTtl() const
{
    return m_ttl->checkedId() == 0 ? m_ttlSeconds->value() : m_ttl->checkedId();
}

void CreateContainerDialog::accept()
{
    CosmosError error = validateId(containerId(), tr("container id"));
    if (!error.isError()) {
        QStringList paths;
        for (QLineEdit *edit : m_paths) {
            if (!edit->text().trimmed().isEmpty())
                paths << edit->text().trimmed();
        }
        if (paths.isEmpty())
            error = CosmosError::invalidInput(
                tr("A partition key path is required, like /category."));
        else
            PartitionKeyDefinition::fromPathList(paths.join(QLatin1Char(',')), &error);
    }
    if (!error.isError())
        error = m_throughput->validate();
    if (error.isError()) {
        m_error->setText(error.message);
        m_error->show();
        return;
    }
    QDialog::accept();
}

// ---------------------------------------------------------------------------------------------

ConfirmDeleteDialog::ConfirmDeleteDialog(const QString &kind, const QString &name, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QLineEdit(this))
    , m_delete(new QPushButton(tr("Delete"), this))
{
    setObjectName(QStringLiteral("confirmDelete"));
    setWindowTitle(tr("Delete %1").arg(kind));
    auto text = new QLabel(tr("Deleting %1 <b>%2</b> deletes everything in it and cannot be "
                              "undone.<br>Type its name to confirm:")
                               .arg(kind, name.toHtmlEscaped()),
                           this);
    text->setWordWrap(true);
    m_edit->setObjectName(QStringLiteral("confirmName"));
    m_delete->setObjectName(QStringLiteral("confirmDeleteButton"));
    m_delete->setEnabled(false);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_edit);
    layout->addWidget(buttons);
    connect(m_edit, &QLineEdit::textChanged, this, [this, name](const QString &typed) {
        m_delete->setEnabled(typed == name);
    });
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

} // namespace Cosmoscope
