/**
 * One petitioner's details as typed, checked the way registration checks them: the ID number by its check digit
 * (kept as written only when the registrar marks it 号码未核验) and the phone by its form. Registration lists every
 * problem of the form; a correction refuses on the first.
 */
import { checkIdNumber, checkPhone } from '../../contract/id-number.ts';
import type { ErrorCode } from '../../contract/errors.ts';
import type { Petitioner } from './item.ts';

export interface PetitionerTyped {
  name: string;
  idNumber?: string | null | undefined;
  idUnverified?: boolean | undefined;
  phone?: string | null | undefined;
  address?: string | null | undefined;
}

export interface PetitionerProblem {
  field: string;
  code: ErrorCode;
  message: string;
}

/** The petitioner at position `index` (0-based), normalised, with what is wrong in it. */
export function checkPetitioner(
  p: PetitionerTyped,
  index: number,
  today: string,
): { petitioner: Petitioner; problems: PetitionerProblem[] } {
  const who = `第 ${index + 1} 位信访人`;
  const problems: PetitionerProblem[] = [];
  let idNumber = p.idNumber?.trim() || null;
  let idVerified = idNumber !== null;
  if (idNumber) {
    const c = checkIdNumber(idNumber, { today });
    if (c.ok) idNumber = c.normalized;
    else if (p.idUnverified) idVerified = false;
    else
      problems.push({
        field: `petitioners.${index}.idNumber`,
        code: 'ID_NUMBER_INVALID',
        message: `${who}的证件号码有误：${c.message}（如确需按原样登记，请勾选「号码未核验」）`,
      });
  }
  let phone = p.phone?.trim() || null;
  if (phone) {
    const c = checkPhone(phone);
    if (c.ok) phone = c.normalized;
    else
      problems.push({
        field: `petitioners.${index}.phone`,
        code: 'PHONE_INVALID',
        message: `${who}的联系电话有误：${c.message}`,
      });
  }
  return {
    petitioner: { name: p.name.trim(), idNumber, idVerified, phone, address: p.address?.trim() || null },
    problems,
  };
}
