package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"dhakacart.local/provider-crds/apis/common"
)

// CertificateParameters are the settings the compute-foundation composition sets.
type CertificateParameters struct {
	// Region is the region you'd like your resource to be created in.
	// +kubebuilder:validation:Required
	Region *string `json:"region"`
	// Domain name for which the certificate should be issued.
	// +optional
	DomainName *string `json:"domainName,omitempty"`
	// Set of domains that should be SANs in the issued certificate.
	// +listType=set
	// +optional
	SubjectAlternativeNames []*string `json:"subjectAlternativeNames,omitempty"`
	// Which method to use for validation. DNS or EMAIL are valid.
	// +optional
	ValidationMethod *string `json:"validationMethod,omitempty"`
	// Specifies the algorithm of the public and private key pair that your Amazon issued certificate uses to encrypt data.
	// +optional
	KeyAlgorithm *string `json:"keyAlgorithm,omitempty"`
	// Key-value map of resource tags.
	// +mapType=granular
	// +optional
	Tags map[string]*string `json:"tags,omitempty"`
}

// CertificateDomainValidationOption is one DNS record ACM asks for.
type CertificateDomainValidationOption struct {
	// Fully qualified domain name (FQDN) in the certificate.
	DomainName *string `json:"domainName,omitempty"`
	// The name of the DNS record to create to validate the certificate.
	ResourceRecordName *string `json:"resourceRecordName,omitempty"`
	// The type of DNS record to create.
	ResourceRecordType *string `json:"resourceRecordType,omitempty"`
	// The value the DNS record needs to have.
	ResourceRecordValue *string `json:"resourceRecordValue,omitempty"`
}

// CertificateObservation is what the provider reports.
type CertificateObservation struct {
	// ARN of the certificate.
	Arn *string `json:"arn,omitempty"`
	// Set of domain validation objects which can be used to complete certificate validation.
	DomainValidationOptions []CertificateDomainValidationOption `json:"domainValidationOptions,omitempty"`
	// Status of the certificate.
	Status *string `json:"status,omitempty"`
}

// CertificateSpec defines the desired state of Certificate.
type CertificateSpec struct {
	common.ManagedResourceSpec `json:",inline"`
	ForProvider                CertificateParameters `json:"forProvider"`
}

// CertificateStatus defines the observed state of Certificate.
type CertificateStatus struct {
	common.ManagedResourceStatus `json:",inline"`
	AtProvider                   CertificateObservation `json:"atProvider,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:storageversion

// Certificate is the Schema for the Certificates API. Requests and manages a certificate from Amazon Certificate Manager (ACM).
// +kubebuilder:printcolumn:name="SYNCED",type="string",JSONPath=".status.conditions[?(@.type=='Synced')].status"
// +kubebuilder:printcolumn:name="READY",type="string",JSONPath=".status.conditions[?(@.type=='Ready')].status"
// +kubebuilder:printcolumn:name="EXTERNAL-NAME",type="string",JSONPath=".metadata.annotations.crossplane\\.io/external-name"
// +kubebuilder:printcolumn:name="AGE",type="date",JSONPath=".metadata.creationTimestamp"
// +kubebuilder:resource:scope=Namespaced,categories={crossplane,managed,aws}
type Certificate struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              CertificateSpec   `json:"spec"`
	Status            CertificateStatus `json:"status,omitempty"`
}
