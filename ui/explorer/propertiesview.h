#pragma once

#include <resourcepath.h>

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QFormLayout;
class QLabel;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class MessageLine;
class SourceEditor;

/// Read-only properties of the account (regions, consistency), a database or a container:
/// the key fields on top and the whole JSON below. Usable as a tab.
class PropertiesView : public QWidget
{
    Q_OBJECT
public:
    PropertiesView(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &resource,
                   QWidget *parent = nullptr);

    Cosmos::ResourcePath resource() const { return m_resource; }
    QJsonObject properties() const { return m_properties; }
    /// The key fields shown, label → text.
    QList<QPair<QString, QString>> fields() const { return m_fields; }
    QString field(const QString &label) const;
    SourceEditor *jsonView() const { return m_json; }
    MessageLine *messageLine() const { return m_message; }
    QString title() const;

    void reload();
    /// The key fields for a resource of `kind` (account, database, container or other).
    static QList<QPair<QString, QString>> keyFields(Cosmos::ResourceKind kind,
                                                    const QJsonObject &properties);

Q_SIGNALS:
    void loaded(bool ok);

private:
    QString accountName() const;
    QString heading() const;
    void showProperties(const QJsonObject &properties, double charge);

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_resource;
    QJsonObject m_properties;
    QList<QPair<QString, QString>> m_fields;
    QFormLayout *m_form;
    QLabel *m_charge;
    SourceEditor *m_json;
    MessageLine *m_message;
};

} // namespace Manage
